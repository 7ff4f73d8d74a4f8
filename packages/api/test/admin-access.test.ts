/**
 * Every staff procedure and /v1/admin route refuses everyone but SalesOS staff: no token 401, an
 * organization's OWNER 403, staff 2xx. The routes come from the OpenAPI document and the procedures from
 * the router itself, so a new admin route cannot be added without this test covering it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openApiDocument } from "../src/openapi";
import { appRouter, createCaller } from "../src/root";
import { createContextForActor } from "../src/context";
import { createRestHarness, type RestHarness } from "./rest-harness";

let h: RestHarness;
beforeAll(async () => {
  h = await createRestHarness();
});
afterAll(() => h.close());

const adminRoutes = Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
  path.startsWith("/admin/")
    ? Object.keys(item as object).map((method) => ({ method: method.toUpperCase(), path }))
    : [],
);
const adminProcedures = Object.keys(appRouter._def.procedures).filter((p) =>
  p.startsWith("admin."),
);

describe("the staff API", () => {
  it("has REST routes and procedures to check", () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(5);
    expect(adminProcedures.length).toBeGreaterThanOrEqual(adminRoutes.length);
  });

  for (const { method, path } of adminRoutes) {
    it(`${method} /v1${path}: 401 without a token, 403 for an OWNER, 2xx for staff`, async () => {
      const url = `/v1${path.replace("{id}", "org_demo_acme")}`;
      const anonymous = await h.call(method, url);
      expect([anonymous.status, (await anonymous.json()).code]).toEqual([401, "UNAUTHORIZED"]);
      const owner = await h.call(method, url, { token: h.tokens.owner });
      expect([owner.status, (await owner.json()).code]).toEqual([403, "FORBIDDEN"]);
      const staff = await h.call(method, url, { token: h.tokens.staff });
      expect(staff.status, staff.text).toBeGreaterThanOrEqual(200);
      expect(staff.status, staff.text).toBeLessThan(300);
    });
  }

  it("a staff token acts for no organization, and is worth nothing once its user is no longer staff", async () => {
    const payments = await h.call("GET", "/v1/payments/subscriptions", { token: h.tokens.staff });
    expect([payments.status, (await payments.json()).code]).toEqual([403, "FORBIDDEN"]);
    const db = h.database.db;
    await db.user.update({
      where: { email: "staff@salesos.test" },
      data: { isPlatformAdmin: false },
    });
    try {
      const revoked = await h.call("GET", "/v1/admin/gateway", { token: h.tokens.staff });
      expect(revoked.status).toBe(401);
      const grant = await h.call("POST", "/v1/auth/token", {
        body: { email: "staff@salesos.test", password: "SalesOS-demo-1" },
      });
      expect([grant.status, (await grant.json()).code]).toEqual([401, "INVALID_CREDENTIALS"]);
    } finally {
      await db.user.update({
        where: { email: "staff@salesos.test" },
        data: { isPlatformAdmin: true },
      });
    }
    expect((await h.call("GET", "/v1/admin/gateway", { token: h.tokens.staff })).status).toBe(200);
  });

  it("refuses every admin procedure to an OWNER through tRPC too (FORBIDDEN before input is read)", async () => {
    const owner = await h.database.db.user.findUniqueOrThrow({
      where: { email: "owner@acme.test" },
    });
    const caller = createCaller(
      createContextForActor({
        db: h.database.db,
        actor: {
          user: { id: owner.id, email: owner.email, name: owner.name, isPlatformAdmin: false },
          organization: { id: "org_demo_acme", name: "Acme Sales" },
          role: "OWNER",
          via: "session",
          tokenId: null,
        },
      }),
    );
    for (const name of adminProcedures) {
      const call = name
        .split(".")
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
        input: unknown,
      ) => Promise<unknown>;
      await expect(call({}), name).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
