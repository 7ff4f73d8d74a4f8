import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

async function token(email = "owner@acme.test"): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "SalesOS-demo-1" }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe("REST through next start", () => {
  it("printed the URL and the demo logins when it started on the embedded database", () => {
    const log = inject("serverLog");
    if (process.env.DATABASE_URL) return; // the embedded banner only shows in embedded mode
    expect(log).toContain(`SalesOS Billing on ${baseUrl}`);
    expect(log).toContain("owner@acme.test");
    expect(log).toContain("SalesOS-demo-1");
  });

  it("POST /v1/auth/token then GET /v1/me answers Acme and OWNER", async () => {
    const res = await fetch(`${baseUrl}/v1/me`, {
      headers: { Authorization: `Bearer ${await token()}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      organization: { name: "Acme Sales" },
      role: "OWNER",
      user: { email: "owner@acme.test" },
    });
  });

  it("GET /v1/me without a token or with garbage is 401 with a JSON body", async () => {
    for (const headers of [{}, { Authorization: "Bearer garbage" }] as Record<string, string>[]) {
      const res = await fetch(`${baseUrl}/v1/me`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ code: "UNAUTHORIZED" });
    }
  });

  it("serves the OpenAPI 3.1 document", async () => {
    const res = await fetch(`${baseUrl}/v1/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/me", "/auth/token"]));
  });
});
