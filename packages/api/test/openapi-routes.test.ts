import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";

import { openApiDocument } from "../src/openapi";

/** The published route list (seed/payments-api-reference.txt), as method + path under /v1. */
const PUBLISHED = [
  "POST /payments/public/coupons/validate",
  "POST /payments/checkout",
  "GET /payments/billing/customer",
  "PUT /payments/billing/customer",
  "POST /payments/billing/portal",
  "GET /payments/subscriptions",
  "GET /payments/subscriptions/{id}",
  "POST /payments/subscriptions/{id}/cancel",
  "POST /payments/subscriptions/{id}/resume",
  "POST /payments/subscriptions/{id}/change-plan",
  "GET /payments/subscriptions/{id}/upgrade-preview",
  "GET /payments/invoices",
  "GET /payments/invoices/{id}",
  "GET /payments/invoices/{id}/pdf",
  "GET /payments/payment-methods",
  "POST /payments/payment-methods",
  "DELETE /payments/payment-methods/{id}",
  "PUT /payments/payment-methods/{id}/default",
  "POST /payments/coupons/validate",
];

function documented(): string[] {
  return Object.entries(openApiDocument().paths ?? {}).flatMap(([p, item]) =>
    Object.keys(item as object).map((m) => `${m.toUpperCase()} ${p}`),
  );
}

describe("the OpenAPI document lists every published route", () => {
  it("validates as OpenAPI 3.1", async () => {
    const result = await new Validator().validate(
      structuredClone(openApiDocument()) as unknown as Parameters<Validator["validate"]>[0],
    );
    expect(result.errors ?? []).toEqual([]);
  });

  it("has all 19 routes with their exact methods", () => {
    const payments = documented().filter(
      (r) => r.includes(" /payments/") && !r.includes("/payments/local/"),
    );
    expect(payments.sort()).toEqual([...PUBLISHED].sort());
  });

  it("agrees with the published reference file (when ../shared is present)", () => {
    const file = path.resolve(
      import.meta.dirname,
      "../../../../shared/seed/payments-api-reference.txt",
    );
    if (!existsSync(file)) {
      console.warn(`skipped: ${file} is absent (a clone outside the workplace)`);
      return;
    }
    const text = readFileSync(file, "utf8");
    const pairs = [...text.matchAll(/^(GET|POST|PUT|DELETE)\n\/v1(\/payments\/\S+)$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(pairs).toHaveLength(19);
    expect([...pairs].sort()).toEqual([...PUBLISHED].sort());
  });

  it("documents idempotency, success statuses, the PDF body and the error schema", () => {
    const paths = openApiDocument().paths as Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string }[];
          responses: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
    const checkout = paths["/payments/checkout"]!.post!;
    expect(checkout.parameters?.map((p) => p.name)).toContain("Idempotency-Key");
    expect(Object.keys(checkout.responses)).toEqual(
      expect.arrayContaining(["201", "401", "409", "422"]),
    );
    expect(Object.keys(paths["/payments/payment-methods/{id}"]!.delete!.responses)).toContain(
      "204",
    );
    expect(
      Object.keys(paths["/payments/invoices/{id}/pdf"]!.get!.responses["200"]!.content!),
    ).toEqual(["application/pdf"]);
    expect(JSON.stringify(paths["/payments/subscriptions/{id}"]!.get!.responses["404"])).toContain(
      "#/components/schemas/Error",
    );
  });
});
