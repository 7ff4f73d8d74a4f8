/**
 * Every staff procedure and /v1/admin route refuses everyone but SalesOS staff: no token 401, an
 * organization's OWNER 403, staff 2xx. The routes come from the OpenAPI document and the procedures from
 * the router itself, so a new admin route cannot be added without this test covering it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { advanceBilling } from "@salesos/billing";

import { billingDepsFor } from "../src/billing";
import { openApiDocument } from "../src/openapi";
import { appRouter, createCaller } from "../src/root";
import { createContextForActor } from "../src/context";
import { createRestHarness, type RestHarness } from "./rest-harness";

let h: RestHarness;
let globexTrial: string;
beforeAll(async () => {
  h = await createRestHarness();
  // Globex in its trial (for the trial extension).
  const session = await (
    await h.call("POST", "/v1/payments/checkout", {
      token: h.tokens.globex,
      body: { licenseTypeId: h.ids.starter, billingCycle: "monthly", startTrial: true },
    })
  ).json();
  await h.payCheckout(h.tokens.globex, session);
  globexTrial = (
    await h.database.db.subscription.findFirstOrThrow({
      where: { organizationId: "org_demo_globex" },
    })
  ).id;
});
afterAll(() => h.close());

/** Acme's next renewal, failed on a card that declines every charge: an OPEN invoice. */
async function openAcmeInvoice(): Promise<string> {
  const db = h.database.db;
  let declining = await db.paymentMethod.findFirst({
    where: { organizationId: "org_demo_acme", last4: "0341" },
  });
  if (!declining) {
    const added = await h.call("POST", "/v1/payments/payment-methods", {
      token: h.tokens.owner,
      body: { paymentMethodId: await h.newCard(h.tokens.owner, "4000000000000341") },
    });
    expect(added.status).toBe(201);
    declining = await db.paymentMethod.findFirstOrThrow({
      where: { organizationId: "org_demo_acme", last4: "0341" },
    });
  }
  const made = await h.call("PUT", `/v1/payments/payment-methods/${declining.id}/default`, {
    token: h.tokens.owner,
  });
  expect(made.status).toBe(200);
  let sub = await db.subscription.findUniqueOrThrow({ where: { id: h.ids.acmeSubscription } });
  if (sub.cancelAtPeriodEnd) {
    // Staff scheduled its cancellation earlier in this file: the customer changes their mind.
    const resumed = await h.call("POST", `/v1/payments/subscriptions/${sub.id}/resume`, {
      token: h.tokens.owner,
    });
    expect(resumed.status).toBe(200);
    sub = await db.subscription.findUniqueOrThrow({ where: { id: sub.id } });
  }
  await advanceBilling(billingDepsFor(db), { now: sub.currentPeriodEnd });
  const open = await db.invoice.findFirstOrThrow({
    where: { subscriptionId: sub.id, status: "OPEN" },
  });
  return open.id;
}

/** The body (and organization) staff send to each mutating route, with the state it needs. */
const STAFF_CALLS: Record<string, () => Promise<{ id?: string; body?: unknown; status?: number }>> =
  {
    "POST /admin/organizations/{id}/cancel-subscription": async () => ({
      body: { subscriptionId: h.ids.acmeSubscription },
    }),
    "POST /admin/organizations/{id}/extend-trial": async () => ({
      id: "org_demo_globex",
      body: {
        subscriptionId: globexTrial,
        trialEnd: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    }),
    "POST /admin/organizations/{id}/refund": async () => ({
      body: { invoiceId: h.ids.acmeInvoice, amount: 100, reason: "GOODWILL" },
    }),
    "POST /admin/organizations/{id}/credit": async () => ({
      body: { amount: 500, reason: "Sorry for the outage" },
    }),
    "POST /admin/organizations/{id}/void-invoice": async () => ({
      body: { invoiceId: await openAcmeInvoice() },
    }),
    "POST /admin/organizations/{id}/retry-payment": async () => {
      const invoiceId = await openAcmeInvoice();
      const visa = await h.call(
        "PUT",
        `/v1/payments/payment-methods/${h.ids.acmeMethods[0]!}/default`,
        {
          token: h.tokens.owner,
        },
      );
      expect(visa.status).toBe(200);
      return { body: { invoiceId } };
    },
    // Nothing to sync on LOCAL (stripe-rest.test.ts runs it on STRIPE): past the guards, a 404.
    "POST /admin/organizations/{id}/resync": async () => ({ status: 404 }),
    "POST /admin/plans": async () => ({
      body: {
        slug: "staff-plan",
        name: "Staff plan",
        tier: "CUSTOM",
        currency: "usd",
        monthlyPrice: 1000,
        yearlyPrice: null,
      },
    }),
    "PUT /admin/plans/{id}": async () => ({ id: h.ids.starter, body: { features: ["Pipelines"] } }),
    "POST /admin/plans/{id}/prices": async () => ({
      id: h.ids.enterprise,
      body: { billingCycle: "monthly", unitAmount: 30999 },
    }),
    "POST /admin/coupons": async () => ({
      body: { code: "STAFF15", name: "15 % once", percentOff: 15, duration: "ONCE" },
    }),
    "PUT /admin/coupons/{id}": async () => ({
      id: (await h.database.db.coupon.findUniqueOrThrow({ where: { code: "WELCOME20" } })).id,
      body: { name: "Welcome (renamed)" },
    }),
    "GET /admin/coupons/{id}/redemptions": async () => ({
      id: (await h.database.db.coupon.findUniqueOrThrow({ where: { code: "WELCOME20" } })).id,
    }),
    "PUT /admin/tax-rates": async () => ({
      body: { country: "de", name: "VAT", percentBps: 1900 },
    }),
  };

const adminRoutes = Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
  path.startsWith("/admin/")
    ? Object.keys(item as object).map((method) => ({ method: method.toUpperCase(), path }))
    : [],
);
const adminProcedures = Object.keys(appRouter._def.procedures).filter((p) =>
  p.startsWith("admin."),
);

/** A tRPC caller for a demo user signed in to Acme as OWNER, staff or not. */
async function acmeCaller(email: string, opts: { isPlatformAdmin: boolean }) {
  const user = await h.database.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller(
    createContextForActor({
      db: h.database.db,
      actor: {
        user: { id: user.id, email: user.email, name: user.name, ...opts },
        organization: { id: "org_demo_acme", name: "Acme Sales" },
        role: "OWNER",
        via: "session",
        tokenId: null,
        sessionId: null,
      },
    }),
  );
}

describe("the staff API", () => {
  it("has a REST route for every admin procedure but the in-app ones, so the route checks below cover them all", () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(20);
    // The background jobs page (/admin/jobs) is in-app only, like the account's password change: not a
    // published route. The tRPC check below refuses them to an OWNER as it does every admin procedure.
    const inAppOnly = ["admin.jobs.overview", "admin.jobs.retry"];
    expect(inAppOnly.every((p) => adminProcedures.includes(p))).toBe(true);
    expect(adminProcedures.length).toBe(adminRoutes.length + inAppOnly.length);
  });

  for (const { method, path } of adminRoutes) {
    it(`${method} /v1${path}: 401 without a token, 403 for an OWNER, 2xx for staff`, async () => {
      const url = `/v1${path.replace("{id}", "org_demo_acme")}`;
      const anonymous = await h.call(method, url);
      expect([anonymous.status, (await anonymous.json()).code]).toEqual([401, "UNAUTHORIZED"]);
      const owner = await h.call(method, url, { token: h.tokens.owner });
      expect([owner.status, (await owner.json()).code]).toEqual([403, "FORBIDDEN"]);
      const prepared = (await STAFF_CALLS[`${method} ${path}`]?.()) ?? {};
      const staff = await h.call(
        method,
        `/v1${path.replace("{id}", prepared.id ?? "org_demo_acme")}`,
        {
          token: h.tokens.staff,
          ...(prepared.body === undefined ? {} : { body: prepared.body }),
        },
      );
      if (prepared.status) expect(staff.status, staff.text).toBe(prepared.status);
      else {
        expect(staff.status, staff.text).toBeGreaterThanOrEqual(200);
        expect(staff.status, staff.text).toBeLessThan(300);
      }
    });
  }

  it("wrote every staff action to the audit log with the staff user", async () => {
    const staffUser = await h.database.db.user.findUniqueOrThrow({
      where: { email: "staff@salesos.test" },
    });
    const res = await h.call("GET", `/v1/admin/audit-log?actorUserId=${staffUser.id}&limit=100`, {
      token: h.tokens.staff,
    });
    const actions = new Set(((await res.json()).data as { action: string }[]).map((a) => a.action));
    for (const action of [
      "subscription.cancel_scheduled",
      "subscription.trial_extended",
      "credit_note.issued",
      "balance.credit_granted",
      "invoice.voided",
      "invoice.payment_retried",
      "plan.created",
      "plan.updated",
      "plan.price_changed",
      "coupon.created",
      "coupon.updated",
      "tax_rate.saved",
    ])
      expect(actions, action).toContain(action);
  });

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
    const caller = await acmeCaller("owner@acme.test", { isPlatformAdmin: false });
    for (const name of adminProcedures) {
      const call = name
        .split(".")
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
        input: unknown,
      ) => Promise<unknown>;
      await expect(call({}), name).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("shows staff the background jobs and refuses a Retry of a job that is not dead", async () => {
    const caller = await acmeCaller("staff@salesos.test", { isPlatformAdmin: true });
    expect(await caller.admin.jobs.overview({})).toMatchObject({ active: 0, failed: 0, dead: [] });
    await expect(
      caller.admin.jobs.retry({ id: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.admin.jobs.retry({ id: "not-a-uuid" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
