/**
 * A MEMBER reads subscriptions and no invoice data anywhere (api.md "Roles", docs/decisions.md):
 * every payments procedure but the two subscription reads (and the public coupon check) is 403 for
 * them, the in-app ones included, and the subscription read carries no invoices. Procedures come
 * from the router itself, so a new one cannot be added without this test covering it. (The REST
 * routes: payments-matrix.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loadActor } from "@salesos/auth";

import { createContextForActor } from "../src/context";
import { appRouter, createCaller } from "../src/root";
import { createRestHarness, type RestHarness } from "./rest-harness";

/** What a MEMBER may call: the contract's allow-list, and the coupon check anyone may make. */
const MEMBER_MAY_CALL = new Set([
  "payments.subscriptions.list",
  "payments.subscriptions.get",
  "payments.coupons.validatePublic",
]);

const paymentsProcedures = Object.keys(appRouter._def.procedures).filter((p) =>
  p.startsWith("payments."),
);

let h: RestHarness;
beforeAll(async () => {
  h = await createRestHarness();
});
afterAll(() => h.close());

type Caller = ReturnType<typeof createCaller>;

async function callerFor(email: string): Promise<Caller> {
  const db = h.database.db;
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const actor = await loadActor(db, {
    userId: user.id,
    organizationId: "org_demo_acme",
    via: "session",
    tokenId: null,
  });
  return createCaller(createContextForActor({ db, actor }));
}

/** The procedure at a dotted path of the caller (e.g. `payments.invoices.list`). */
function procedureAt(caller: Caller, path: string): (input: unknown) => Promise<unknown> {
  return path.split(".").reduce((node: any, key) => node[key], caller);
}

describe("a MEMBER and invoice data (createCaller)", () => {
  it("covers every payments procedure (the list comes from the router)", () => {
    expect(paymentsProcedures).toEqual(
      expect.arrayContaining([
        "payments.subscriptions.upcoming",
        "payments.notifications.list",
        "payments.invoices.list",
      ]),
    );
    for (const allowed of MEMBER_MAY_CALL) expect(paymentsProcedures).toContain(allowed);
  });

  for (const path of paymentsProcedures.filter((p) => !MEMBER_MAY_CALL.has(p))) {
    it(`${path} is FORBIDDEN for a MEMBER`, async () => {
      const member = await callerFor("member@acme.test");
      // The role is checked before the input is read: any input gets the same 403.
      await expect(procedureAt(member, path)({ id: h.ids.acmeSubscription })).rejects.toMatchObject(
        { code: "FORBIDDEN" },
      );
    });
  }

  it("subscriptions.upcoming (an invoice preview) answers an OWNER, 403 for a MEMBER", async () => {
    const owner = await callerFor("owner@acme.test");
    const member = await callerFor("member@acme.test");
    const upcoming = await owner.payments.subscriptions.upcoming({ id: h.ids.acmeSubscription });
    expect(upcoming).toMatchObject({ amount: expect.any(Number), currency: expect.any(String) });
    await expect(
      member.payments.subscriptions.upcoming({ id: h.ids.acmeSubscription }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/owner or admin/),
    });
  });

  it("notifications.list answers an OWNER, 403 for a MEMBER", async () => {
    const owner = await callerFor("owner@acme.test");
    const member = await callerFor("member@acme.test");
    expect(Array.isArray(await owner.payments.notifications.list({ limit: 5 }))).toBe(true);
    await expect(member.payments.notifications.list({ limit: 5 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("subscriptions.get gives a MEMBER the subscription without its invoices", async () => {
    const owner = await callerFor("owner@acme.test");
    const member = await callerFor("member@acme.test");
    const full = await owner.payments.subscriptions.get({ id: h.ids.acmeSubscription });
    const read = await member.payments.subscriptions.get({ id: h.ids.acmeSubscription });
    expect(full.recentInvoices.length).toBeGreaterThan(0);
    expect(read.recentInvoices).toEqual([]);
    const { recentInvoices: _owners, ...subscription } = full;
    expect(read).toEqual({ ...subscription, recentInvoices: [] });
  });
});

describe("a MEMBER and invoice data (REST)", () => {
  it("GET /v1/payments/subscriptions/{id}: invoices for the OWNER, none for a MEMBER", async () => {
    const path = `/v1/payments/subscriptions/${h.ids.acmeSubscription}`;
    const owner = await h.call("GET", path, { token: h.tokens.owner });
    const member = await h.call("GET", path, { token: h.tokens.member });
    expect([owner.status, member.status]).toEqual([200, 200]);
    const invoices = (await owner.json()).recentInvoices as { id: string; number: string | null }[];
    expect(invoices.length).toBeGreaterThan(0);
    expect((await member.json()).recentInvoices).toEqual([]);
    // Nothing of any invoice leaks elsewhere in the MEMBER's answer, nor in their list.
    const list = await h.call("GET", "/v1/payments/subscriptions", { token: h.tokens.member });
    for (const invoice of invoices)
      for (const text of [member.text, list.text]) {
        expect(text).not.toContain(invoice.id);
        if (invoice.number) expect(text).not.toContain(invoice.number);
      }
  });
});
