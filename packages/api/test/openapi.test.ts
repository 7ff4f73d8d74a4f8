import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";

import { openApiDocument } from "../src/openapi";

describe("GET /v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(
      structuredClone(doc) as unknown as Parameters<Validator["validate"]>[0],
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("declares the bearer scheme and documents /me and /auth/token with the contract's error body", () => {
    const doc = openApiDocument();
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(Object.keys(doc.paths ?? {})).toEqual(expect.arrayContaining(["/me", "/auth/token"]));
    const me = doc.paths?.["/me"]?.get;
    expect(me?.security).toEqual([{ bearerAuth: [] }]);
    expect(JSON.stringify(me?.responses?.["401"])).toContain("#/components/schemas/Error");
    expect(doc.paths?.["/auth/token"]?.post?.security).toBeUndefined();
  });
});
