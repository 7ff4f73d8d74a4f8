import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openApiDocument } from "../src/openapi";
import { createRestHarness, type RestHarness } from "./rest-harness";

let h: RestHarness;
beforeAll(async () => {
  h = await createRestHarness();
  const db = h.database.db;
  const customer = await db.billingCustomer.findFirstOrThrow({
    where: { organizationId: "org_demo_acme" },
  });
  // Acme's two seeded invoices plus 11 of one instant: only the id orders those.
  const at = new Date("2026-01-15T00:00:00Z");
  for (let i = 0; i < 11; i++)
    await db.invoice.create({
      data: {
        organizationId: "org_demo_acme",
        customerId: customer.id,
        number: `PAGE-${String(i).padStart(6, "0")}`,
        status: i % 2 ? "OPEN" : "PAID",
        billingReason: "MANUAL",
        currency: "usd",
        subtotal: 500,
        total: 500,
        amountDue: i % 2 ? 500 : 0,
        periodStart: at,
        periodEnd: at,
        customerSnapshot: {},
        gateway: "LOCAL",
        createdAt: at,
      },
    });
});
afterAll(() => h.close());

type Page = {
  data: { id: string }[];
  page: number;
  total: number;
  totalPages: number;
  nextCursor: string | null;
  prevCursor: string | null;
};

async function get(query: string): Promise<Page> {
  const res = await h.call("GET", `/v1/payments/invoices?${query}`, { token: h.tokens.owner });
  expect(res.status, res.text).toBe(200);
  return res.json();
}

describe("GET /v1/payments/invoices with cursors", () => {
  it("follows nextCursor to the end and prevCursor back, every invoice once, page numbers meaningful", async () => {
    const expected = (
      await h.database.db.invoice.findMany({
        where: { organizationId: "org_demo_acme" },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true },
      })
    ).map((row) => row.id);
    expect(expected).toHaveLength(13);

    const first = await get("limit=5");
    expect(first).toMatchObject({ page: 1, limit: 5, total: 13, totalPages: 3, prevCursor: null });
    const pages = [first];
    for (let page = first; page.nextCursor; pages.push(page))
      page = await get(`limit=5&cursor=${encodeURIComponent(page.nextCursor)}`);
    expect(pages.map((p) => [p.page, p.data.length])).toEqual([
      [1, 5],
      [2, 5],
      [3, 3],
    ]);
    expect(pages.flatMap((p) => p.data.map((inv) => inv.id))).toEqual(expected);

    // Back from the last page: `direction` may be sent (as tRPC infinite queries do) or left out.
    const second = await get(`limit=5&direction=backward&cursor=${pages[2]!.prevCursor}`);
    expect(second.page).toBe(2);
    expect(second.data).toEqual(pages[1]!.data);
    const again = await get(`limit=5&cursor=${second.prevCursor}`);
    expect(again).toMatchObject({ page: 1, prevCursor: null, nextCursor: first.nextCursor });
    expect(again.data).toEqual(first.data);
  });

  it("keeps `status` and the old `page` parameter working", async () => {
    const open = await get("status=OPEN&limit=2");
    expect(open).toMatchObject({ total: 5, totalPages: 3, page: 1 });
    const next = await get(`status=OPEN&limit=2&cursor=${open.nextCursor}`);
    expect(next.page).toBe(2);
    const byOffset = await get("status=OPEN&limit=2&page=2");
    expect(byOffset.data).toEqual(next.data);
    expect(byOffset.nextCursor).toBe(next.nextCursor);
  });

  it("answers a page past the end, however far, with no rows and no error", async () => {
    for (const page of ["4", "999999999", String(Number.MAX_SAFE_INTEGER)]) {
      const past = await get(`limit=5&page=${page}`);
      expect(past, page).toMatchObject({ data: [], total: 13, nextCursor: null, prevCursor: null });
    }
  });

  it("answers 400 VALIDATION_FAILED for a cursor it did not give out or a direction that contradicts it", async () => {
    const first = await get("limit=5");
    for (const query of [
      "cursor=garbage",
      `cursor=${Buffer.from("9999-99-99|x|f|2").toString("base64url")}`,
      `cursor=${first.nextCursor}&direction=backward`,
      `cursor=${first.nextCursor}&direction=sideways`,
      `cursor=${"x".repeat(201)}`,
    ]) {
      const res = await h.call("GET", `/v1/payments/invoices?${query}`, { token: h.tokens.owner });
      expect(res.status, query).toBe(400);
      expect((await res.json()).code, query).toBe("VALIDATION_FAILED");
    }
  });

  it("documents cursor, direction, nextCursor and prevCursor in the OpenAPI document", () => {
    const list = openApiDocument().paths?.["/payments/invoices"]?.get;
    const names = (list?.parameters ?? []).map((p) => ("name" in p ? p.name : ""));
    expect(names).toEqual(
      expect.arrayContaining(["page", "limit", "status", "cursor", "direction"]),
    );
    const body = JSON.stringify(list?.responses?.["200"]);
    expect(body).toContain("nextCursor");
    expect(body).toContain("prevCursor");
  });
});
