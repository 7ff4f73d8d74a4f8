import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { passwordGrant, revokeApiToken, verifyApiToken } from "@salesos/auth";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { handleRestRequest } from "../src/rest";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

/** A REST call through the real adapter; each test picks its own client address (rate-limit key). */
function rest(
  method: string,
  path: string,
  opts: { token?: string; body?: string; address?: string; headers?: Record<string, string> } = {},
) {
  const headers = new Headers({
    "x-forwarded-for": opts.address ?? "203.0.113.1",
    ...opts.headers,
  });
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.body !== undefined && !headers.has("content-type"))
    headers.set("content-type", "application/json");
  return handleRestRequest(
    new Request(`http://localhost${path}`, { method, headers, body: opts.body ?? null }),
    { db: database.db },
  );
}

const credentials = JSON.stringify({ email: "owner@acme.test", password: "SalesOS-demo-1" });

describe("POST /v1/auth/token and GET /v1/me", () => {
  it("exchanges credentials for a Bearer token that GET /v1/me resolves to Acme and OWNER", async () => {
    const res = await rest("POST", "/v1/auth/token", {
      body: credentials,
      address: "203.0.113.10",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accessToken: string;
      tokenType: string;
      expiresAt: string;
    };
    expect(body.tokenType).toBe("Bearer");
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await rest("GET", "/v1/me", { token: body.accessToken });
    expect(me.status).toBe(200);
    expect(me.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await me.json()).toMatchObject({
      user: { email: "owner@acme.test" },
      organization: { id: "org_demo_acme", name: "Acme Sales" },
      role: "OWNER",
    });
  });

  it("answers 401 with WWW-Authenticate and a JSON error for no, garbage, expired and revoked tokens", async () => {
    const expired = await passwordGrant(database.db, {
      email: "owner@acme.test",
      password: "SalesOS-demo-1",
      now: new Date(Date.now() - 7_200_000),
    });
    const revoked = await passwordGrant(database.db, {
      email: "owner@acme.test",
      password: "SalesOS-demo-1",
    });
    await revokeApiToken(database.db, {
      actor: (await verifyApiToken(database.db, revoked.accessToken))!,
      tokenId: revoked.id,
    });
    for (const token of [undefined, "garbage", expired.accessToken, revoked.accessToken]) {
      const res = await rest("GET", "/v1/me", token ? { token } : {});
      expect(res.status, `token ${token?.slice(0, 12)}`).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toEqual({
        code: "UNAUTHORIZED",
        message: expect.any(String),
        requestId: res.headers.get("x-request-id"),
      });
    }
  });

  it("ends a token with its membership, and follows a role change at once", async () => {
    const token = await passwordGrant(database.db, {
      email: "admin@acme.test",
      password: "SalesOS-demo-1",
    });
    const membership = await database.db.membership.findFirstOrThrow({
      where: { user: { email: "admin@acme.test" }, organizationId: "org_demo_acme" },
    });
    await database.db.membership.update({ where: { id: membership.id }, data: { role: "MEMBER" } });
    const demoted = await rest("GET", "/v1/me", { token: token.accessToken });
    expect(await demoted.json()).toMatchObject({ role: "MEMBER" });
    await database.db.membership.delete({ where: { id: membership.id } });
    try {
      expect((await rest("GET", "/v1/me", { token: token.accessToken })).status).toBe(401);
    } finally {
      await database.db.membership.create({
        data: { userId: membership.userId, organizationId: "org_demo_acme", role: membership.role },
      });
    }
  });

  it("gives the same 401 INVALID_CREDENTIALS for a wrong password and an unknown email", async () => {
    const bodies = [
      { email: "owner@acme.test", password: "nope" },
      { email: "ghost@acme.test", password: "SalesOS-demo-1" },
    ];
    const answers = await Promise.all(
      bodies.map((b, i) =>
        rest("POST", "/v1/auth/token", { body: JSON.stringify(b), address: `203.0.113.2${i}` }),
      ),
    );
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        code: "INVALID_CREDENTIALS",
        message: "Invalid email, password or organization.",
        requestId: expect.any(String),
      });
    }
  });

  it("rejects invalid and unknown body fields with 400 and issues, and bad JSON with 400", async () => {
    const res = await rest("POST", "/v1/auth/token", {
      body: JSON.stringify({ email: "x", password: "y", admin: true }),
      address: "203.0.113.30",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      code: string;
      issues: { path: string; message: string }[];
    };
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["email"]));
    expect(body.issues.some((i) => i.message.includes("admin"))).toBe(true);
    const broken = await rest("POST", "/v1/auth/token", {
      body: "{not json",
      address: "203.0.113.31",
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { code: string }).code).toBe("BAD_REQUEST");
  });

  it("rate limits POST /v1/auth/token: the 11th call in a minute from one address is 429 with Retry-After", async () => {
    // The window is a calendar minute: start early in one so the 11 calls share it.
    const second = new Date().getUTCSeconds();
    if (second > 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const body = JSON.stringify({ email: `probe${i}@acme.test`, password: "x" });
      const res = await rest("POST", "/v1/auth/token", { body, address: "198.51.100.7" });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(((await res.json()) as { code: string }).code).toBe("RATE_LIMITED");
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    const other = await rest("POST", "/v1/auth/token", {
      body: credentials,
      address: "198.51.100.8",
    });
    expect(other.status).toBe(200);
  });

  it("answers unknown paths with the contract's 404 body", async () => {
    const res = await rest("GET", "/v1/does-not-exist");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: "NOT_FOUND",
      message: expect.any(String),
      requestId: res.headers.get("x-request-id"),
    });
  });

  it("carries a sane X-Request-Id through to the header and the error body, and replaces others", async () => {
    const kept = await rest("GET", "/v1/does-not-exist", {
      headers: { "x-request-id": "lb-7f3a.1" },
    });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.1");
    expect(await kept.json()).toMatchObject({ code: "NOT_FOUND", requestId: "lb-7f3a.1" });
    const replaced = await rest("GET", "/v1/does-not-exist", {
      headers: { "x-request-id": 'forged"}, {"admin": true' },
    });
    const id = replaced.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await replaced.json()).toMatchObject({ requestId: id });
  });
});
