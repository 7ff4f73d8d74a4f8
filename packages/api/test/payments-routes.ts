import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRestHarness, type GatewayName, type RestHarness } from "./rest-harness";

/**
 * The happy paths of the 19 routes, the same on both gateways (payments-routes.test.ts runs them on
 * LOCAL, payments-routes-stripe.test.ts on STRIPE against the Stripe test server): only how a customer
 * hands a card to the gateway and pays a checkout differs, and the harness does that part.
 */
export function describePaymentsRoutes(gateway: GatewayName): void {
  let h: RestHarness;
  beforeAll(async () => {
    h = await createRestHarness({ gateway });
  });
  afterAll(() => h.close());

  describe(`the 19 /v1/payments routes, happy paths through the REST adapter (${gateway})`, () => {
    it("1 POST /public/coupons/validate (no auth)", async () => {
      const res = await h.call("POST", "/v1/payments/public/coupons/validate", {
        body: { code: " welcome20 ", licenseTypeId: h.ids.starter, billingCycle: "monthly" },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        valid: true,
        coupon: { code: "WELCOME20", percentOff: 20, duration: "REPEATING", durationMonths: 3 },
        discountAmount: 600,
      });
    });

    it("19 POST /coupons/validate gives the precise reason", async () => {
      const res = await h.call("POST", "/v1/payments/coupons/validate", {
        token: h.tokens.owner,
        body: { code: "SAVE10", licenseTypeId: h.ids.starter },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ valid: false, reason: "PLAN_NOT_ELIGIBLE" });
    });

    it("2 POST /checkout: 409 for Acme (live subscription), 201 for Globex", async () => {
      const acme = await h.call("POST", "/v1/payments/checkout", {
        token: h.tokens.owner,
        body: { licenseTypeId: h.ids.professional, billingCycle: "monthly" },
      });
      expect(acme.status).toBe(409);
      expect(await acme.json()).toMatchObject({
        code: "EXISTING_SUBSCRIPTION",
        details: { subscriptionId: h.ids.acmeSubscription },
      });
      const globex = await h.call("POST", "/v1/payments/checkout", {
        token: h.tokens.globex,
        body: { licenseTypeId: h.ids.starter, billingCycle: "yearly", couponCode: "WELCOME20" },
      });
      expect(globex.status).toBe(201);
      const session = await globex.json();
      expect(session).toMatchObject({ gateway, url: expect.stringMatching(/^http/) });
      expect(session.url.startsWith(h.checkoutUrlPrefix)).toBe(true);
      expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
      await h.payCheckout(h.tokens.globex, session);
      const subscriptions = await h.call("GET", "/v1/payments/subscriptions", {
        token: h.tokens.globex,
      });
      expect(await subscriptions.json()).toMatchObject({
        total: 1,
        data: [{ status: "ACTIVE", gateway, plan: { slug: "starter" } }],
      });
      const invoices = await (
        await h.call("GET", "/v1/payments/invoices", { token: h.tokens.globex })
      ).json();
      // Starter yearly 299.88, WELCOME20 20 % off: 239.90, paid.
      expect(invoices.data).toMatchObject([{ status: "PAID", total: 23990, amountPaid: 23990 }]);
    });

    it("3-5 billing customer: GET, PUT (merge), POST portal with no body", async () => {
      const got = await h.call("GET", "/v1/payments/billing/customer", { token: h.tokens.owner });
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({
        email: "owner@acme.test",
        currency: "usd",
        gateway,
      });
      const put = await h.call("PUT", "/v1/payments/billing/customer", {
        token: h.tokens.owner,
        body: {
          name: "Acme Sales Inc.",
          address: { city: "Berlin", country: "de" },
          taxId: "DE123456789",
        },
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({
        name: "Acme Sales Inc.",
        address: { city: "Berlin", country: "DE", line1: null },
        taxId: "DE123456789",
      });
      const portal = await h.call("POST", "/v1/payments/billing/portal", { token: h.tokens.owner });
      expect(portal.status).toBe(201);
      expect(await portal.json()).toEqual({ url: "http://localhost:3000/billing", gateway });
    });

    it("6-11 subscriptions: list, get, preview, change plan, cancel, resume", async () => {
      const list = await h.call("GET", "/v1/payments/subscriptions?status=ACTIVE", {
        token: h.tokens.member,
      });
      expect(list.status).toBe(200);
      expect(await list.json()).toMatchObject({
        total: 1,
        page: 1,
        limit: 10,
        totalPages: 1,
        data: [{ id: h.ids.acmeSubscription, status: "ACTIVE" }],
      });
      const one = await h.call("GET", `/v1/payments/subscriptions/${h.ids.acmeSubscription}`, {
        token: h.tokens.member,
      });
      expect(one.status).toBe(200);
      // A MEMBER reads the subscription without its invoices; the OWNER gets them.
      expect((await one.json()).recentInvoices).toEqual([]);
      const full = await h.call("GET", `/v1/payments/subscriptions/${h.ids.acmeSubscription}`, {
        token: h.tokens.owner,
      });
      expect((await full.json()).recentInvoices).toHaveLength(2);

      const preview = await h.call(
        "GET",
        `/v1/payments/subscriptions/${h.ids.acmeSubscription}/upgrade-preview?newLicenseTypeId=${h.ids.professional}&billingCycle=monthly`,
        { token: h.tokens.admin },
      );
      expect(preview.status).toBe(200);
      const p = await preview.json();
      expect(p).toMatchObject({
        isUpgrade: true,
        currency: "usd",
        newPlan: { name: "Professional" },
      });
      expect(p.amountDueNow).toBe(p.charge - p.credit);

      const change = await h.call(
        "POST",
        `/v1/payments/subscriptions/${h.ids.acmeSubscription}/change-plan`,
        {
          token: h.tokens.admin,
          body: { newLicenseTypeId: h.ids.professional, prorationDate: p.prorationDate },
        },
      );
      expect(change.status).toBe(200);
      const changed = await change.json();
      expect(changed.invoice).toMatchObject({ total: p.amountDueNow, status: "PAID" });
      expect(changed.subscription.plan.slug).toBe("professional");

      const cancel = await h.call(
        "POST",
        `/v1/payments/subscriptions/${h.ids.acmeSubscription}/cancel`,
        { token: h.tokens.owner, body: { reason: "Too expensive" } },
      );
      expect(cancel.status).toBe(200);
      expect(await cancel.json()).toMatchObject({
        status: "ACTIVE",
        cancelAtPeriodEnd: true,
        cancelReason: "Too expensive",
      });
      const resume = await h.call(
        "POST",
        `/v1/payments/subscriptions/${h.ids.acmeSubscription}/resume`,
        { token: h.tokens.owner },
      );
      expect(resume.status).toBe(200);
      expect(await resume.json()).toMatchObject({ cancelAtPeriodEnd: false });
      const again = await h.call(
        "POST",
        `/v1/payments/subscriptions/${h.ids.acmeSubscription}/resume`,
        { token: h.tokens.owner },
      );
      expect(again.status).toBe(409);
      expect((await again.json()).code).toBe("NOT_RESUMABLE");
    });

    it("12-14 invoices: list, get with payments, PDF", async () => {
      const list = await h.call("GET", "/v1/payments/invoices?status=PAID&limit=2", {
        token: h.tokens.owner,
      });
      expect(list.status).toBe(200);
      const page = await list.json();
      expect(page).toMatchObject({ limit: 2, page: 1 });
      expect(page.data).toHaveLength(2);
      const one = await h.call("GET", `/v1/payments/invoices/${h.ids.acmeInvoice}`, {
        token: h.tokens.owner,
      });
      const invoice = await one.json();
      expect(invoice.payments).toEqual([
        expect.objectContaining({ status: "SUCCEEDED", amount: 2999 }),
      ]);
      expect(invoice.total).toBe(invoice.subtotal - invoice.discountAmount + invoice.taxAmount);

      await h.database.db.invoice.update({
        where: { id: h.ids.acmeInvoice },
        data: {
          customerSnapshot: {
            name: "<script>alert(1)</script> </div>",
            email: "owner@acme.test",
            addressLines: [],
            taxId: null,
          },
        },
      });
      const pdf = await h.pdf(h.ids.acmeInvoice, h.tokens.owner);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(pdf.headers.get("content-disposition")).toBe(
        `attachment; filename="invoice-${invoice.number}.pdf"`,
      );
      const bytes = new Uint8Array(await pdf.arrayBuffer());
      const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
      expect(text).toContain(invoice.number);
      expect(text).toContain("<script>alert(1)</script> </div>");
      expect(text).toContain("$29.99");
      expect((await h.pdf(h.ids.acmeInvoice, h.tokens.globex)).status).toBe(404);
      expect((await h.pdf(h.ids.acmeInvoice)).status).toBe(401);
    });

    it("15-18 payment methods: list, add, set default, remove", async () => {
      const list = await h.call("GET", "/v1/payments/payment-methods", { token: h.tokens.owner });
      expect(
        (await list.json()).map((m: { last4: string; isDefault: boolean }) => [
          m.last4,
          m.isDefault,
        ]),
      ).toEqual([
        ["4242", true],
        ["4444", false],
      ]);
      const paymentMethodId = await h.newCard(h.tokens.owner, "378282246310005");
      const added = await h.call("POST", "/v1/payments/payment-methods", {
        token: h.tokens.owner,
        body: { paymentMethodId },
      });
      expect(added.status).toBe(201);
      const method = await added.json();
      expect(method).toMatchObject({ brand: "amex", last4: "0005", isDefault: false });
      expect(JSON.stringify(method)).not.toContain("378282246310005");
      const dup = await h.call("POST", "/v1/payments/payment-methods", {
        token: h.tokens.owner,
        body: { paymentMethodId },
      });
      expect(dup.status).toBe(409);
      expect((await dup.json()).code).toBe("PAYMENT_METHOD_EXISTS");
      const def = await h.call("PUT", `/v1/payments/payment-methods/${method.id}/default`, {
        token: h.tokens.owner,
      });
      expect(def.status).toBe(200);
      expect(await def.json()).toMatchObject({ id: method.id, isDefault: true });
      const removed = await h.call("DELETE", `/v1/payments/payment-methods/${method.id}`, {
        token: h.tokens.owner,
      });
      expect(removed.status).toBe(204);
      expect(removed.text).toBe("");
      const after = await (
        await h.call("GET", "/v1/payments/payment-methods", { token: h.tokens.owner })
      ).json();
      expect(after).toHaveLength(2);
      expect(after[0].isDefault).toBe(true);
    });

    it("declines a card at setup with 402 and the decline code", async () => {
      const res = await h.call("POST", "/v1/payments/payment-methods", {
        token: h.tokens.owner,
        body: { paymentMethodId: await h.newCard(h.tokens.owner, "4000000000000002") },
      });
      expect(res.status).toBe(402);
      expect(await res.json()).toMatchObject({
        code: "PAYMENT_FAILED",
        details: { declineCode: "card_declined" },
      });
    });
  });
}
