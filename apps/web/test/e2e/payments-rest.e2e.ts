import { createSalesOsClient } from "@salesos/client";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, inject, it } from "vitest";

import { E2E_CRON_SECRET } from "./global-setup";

const baseUrl = inject("baseUrl");
const api = (token?: string) =>
  createSalesOsClient({ baseUrl: `${baseUrl}/v1`, ...(token ? { token } : {}) });

async function login(email: string): Promise<string> {
  const { data, response } = await api().POST("/auth/token", {
    body: { email, password: "SalesOS-demo-1" },
  });
  expect(response.status).toBe(200);
  return data!.accessToken;
}

/** Exactly as the seed's curl lines send them: no body and no Content-Type. */
function bare(method: string, path: string, token: string) {
  return fetch(`${baseUrl}/v1${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
}

let owner: string;
let globex: string;
beforeAll(async () => {
  owner = await login("owner@acme.test");
  globex = await login("owner@globex.test");
});

describe("the seed's curl lines through next start and the generated client", () => {
  it("plans, public coupon, organization coupon", async () => {
    const plans = await api().GET("/plans");
    const starter = plans.data!.find((p) => p.slug === "starter")!;
    expect(starter.prices).toEqual({ monthly: 2999, yearly: 29988 });
    const pub = await api().POST("/payments/public/coupons/validate", {
      body: { code: "WELCOME20", licenseTypeId: starter.id, billingCycle: "monthly" },
    });
    expect(pub.response.status).toBe(200);
    expect(pub.data).toMatchObject({ valid: true, discountAmount: 600 });
    const org = await api(owner).POST("/payments/coupons/validate", {
      body: { code: "EXPIRED50" },
    });
    expect(org.data).toMatchObject({ valid: false, reason: "EXPIRED" });
  });

  it("checkout (Globex, 201) and the LOCAL hosted flow without a browser", async () => {
    const plans = await api().GET("/plans");
    const professional = plans.data!.find((p) => p.slug === "professional")!;
    const session = await api(globex).POST("/payments/checkout", {
      body: { licenseTypeId: professional.id, billingCycle: "monthly", couponCode: "SAVE10" },
    });
    expect(session.response.status).toBe(201);
    expect(session.data!.url).toBe(`${baseUrl}/checkout/${session.data!.sessionId}`);
    const card = await api(globex).POST("/payments/local/payment-methods", {
      body: { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" },
    });
    const done = await api(globex).POST("/payments/local/checkout-sessions/{sessionId}/complete", {
      params: { path: { sessionId: session.data!.sessionId } },
      body: { paymentMethodId: card.data!.paymentMethodId },
    });
    expect(done.data).toMatchObject({ status: "complete" });
    const invoice = await api(globex).GET("/payments/invoices/{id}", {
      params: { path: { id: done.data!.invoiceId! } },
    });
    expect(invoice.data).toMatchObject({
      subtotal: 9999,
      discountAmount: 1000,
      total: 8999,
      status: "PAID",
    });
  });

  it("billing customer GET/PUT and the portal with no body", async () => {
    expect((await api(owner).GET("/payments/billing/customer")).data).toMatchObject({
      email: "owner@acme.test",
    });
    const put = await api(owner).PUT("/payments/billing/customer", {
      body: { phone: "+49 30 1234567" },
    });
    expect(put.data).toMatchObject({ phone: "+49 30 1234567" });
    const portal = await bare("POST", "/payments/billing/portal", owner);
    expect(portal.status).toBe(201);
    expect(await portal.json()).toEqual({ url: `${baseUrl}/billing`, gateway: "LOCAL" });
  });

  it("subscriptions: list, get, preview, change plan, cancel, resume with no body", async () => {
    const list = await api(owner).GET("/payments/subscriptions");
    const id = list.data!.data[0]!.id;
    const one = await api(owner).GET("/payments/subscriptions/{id}", { params: { path: { id } } });
    expect(one.data!.recentInvoices.length).toBeGreaterThanOrEqual(2);
    const plans = (await api().GET("/plans")).data!;
    const enterprise = plans.find((p) => p.slug === "enterprise")!;
    const preview = await api(owner).GET("/payments/subscriptions/{id}/upgrade-preview", {
      params: { path: { id }, query: { newLicenseTypeId: enterprise.id, billingCycle: "monthly" } },
    });
    expect(preview.data!.isUpgrade).toBe(true);
    const change = await api(owner).POST("/payments/subscriptions/{id}/change-plan", {
      params: { path: { id } },
      body: { newLicenseTypeId: enterprise.id, prorationDate: preview.data!.prorationDate },
    });
    expect(change.data!.invoice!.total).toBe(preview.data!.amountDueNow);
    const cancel = await api(owner).POST("/payments/subscriptions/{id}/cancel", {
      params: { path: { id } },
      body: {},
    });
    expect(cancel.data).toMatchObject({ cancelAtPeriodEnd: true });
    const resume = await bare("POST", `/payments/subscriptions/${id}/resume`, owner);
    expect(resume.status).toBe(200);
    expect(await resume.json()).toMatchObject({ cancelAtPeriodEnd: false });
  });

  it("invoices: list, get, and the PDF as application/pdf", async () => {
    const list = await api(owner).GET("/payments/invoices", { params: { query: { limit: 5 } } });
    const invoice = list.data!.data[0]!;
    const one = await api(owner).GET("/payments/invoices/{id}", {
      params: { path: { id: invoice.id } },
    });
    expect(one.data!.payments.length).toBeGreaterThan(0);
    const pdf = await bare("GET", `/payments/invoices/${invoice.id}/pdf`, owner);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const { text } = await extractText(
      await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())),
      { mergePages: true },
    );
    expect(text).toContain(invoice.number!);
    expect(text).toContain("Olivia Owner");
  });

  it("payment methods: list, add, default (no body), remove (204)", async () => {
    const token = await api(owner).POST("/payments/local/payment-methods", {
      body: { number: "5105105105105100", expMonth: 6, expYear: 2030, cvc: "321" },
    });
    const added = await api(owner).POST("/payments/payment-methods", {
      body: { paymentMethodId: token.data!.paymentMethodId },
    });
    expect(added.response.status).toBe(201);
    const def = await bare("PUT", `/payments/payment-methods/${added.data!.id}/default`, owner);
    expect(def.status).toBe(200);
    const methods = await api(owner).GET("/payments/payment-methods");
    expect(methods.data![0]).toMatchObject({ id: added.data!.id, isDefault: true });
    const removed = await bare("DELETE", `/payments/payment-methods/${added.data!.id}`, owner);
    expect(removed.status).toBe(204);
  });

  it("the cron route enqueues the billing clock's tick only with its secret", async () => {
    expect((await fetch(`${baseUrl}/api/cron/billing`, { method: "POST" })).status).toBe(401);
    const res = await fetch(`${baseUrl}/api/cron/billing`, {
      method: "POST",
      headers: { Authorization: `Bearer ${E2E_CRON_SECRET}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      enqueued: { renew: expect.any(Number), collect: expect.any(Number) },
    });
  });
});
