import { type Ctx, listOf, ok, route, type Route } from "../context";
import { invalidRequest, missingParameter, noSuch } from "../errors";
import { newId, unixNow } from "../ids";
import { allowOnly, int, mergeMetadata, obj, type Params, requiredStr, str } from "../params";
import type { StripeObject } from "../store";
import { getCustomer } from "./customers";

const CREATE = [
  "mode",
  "customer",
  "customer_email",
  "line_items",
  "success_url",
  "cancel_url",
  "client_reference_id",
  "metadata",
  "payment_intent_data",
  "setup_intent_data",
  "expires_at",
  "currency",
  "payment_method_types",
  "locale",
  "customer_creation",
  "billing_address_collection",
];

export interface LineItem {
  id: string;
  object: "item";
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: null;
  quantity: number;
}

function lineItems(params: Params): LineItem[] {
  const raw = params.line_items;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? Object.values(raw) : [];
  return list.map((entry, index) => {
    const item = entry as Params;
    const priceData = obj(item, "price_data");
    if (!priceData) throw missingParameter(`line_items[${index}][price_data]`);
    const product = obj(priceData, "product_data");
    const unit = int(priceData, "unit_amount");
    if (unit === undefined || unit < 0)
      throw missingParameter(`line_items[${index}][price_data][unit_amount]`);
    const quantity = int(item, "quantity") ?? 1;
    const currency = requiredStr(priceData, "currency").toLowerCase();
    return {
      id: newId("li"),
      object: "item" as const,
      amount_discount: 0,
      amount_subtotal: unit * quantity,
      amount_tax: 0,
      amount_total: unit * quantity,
      currency,
      description: typeof product?.name === "string" ? product.name : "Item",
      price: null,
      quantity,
    };
  });
}

/** Session line items, kept beside the session (Stripe serves them from their own endpoint). */
export const sessionLines = new WeakMap<StripeObject, LineItem[]>();

export function getSession(ctx: Ctx, id: string): StripeObject {
  const session = ctx.store.checkoutSessions.get(id);
  if (!session) throw noSuch("checkout.session", id);
  if (session.status === "open" && unixNow() >= (session.expires_at as number))
    expireSession(ctx, session);
  return session;
}

export function expireSession(ctx: Ctx, session: StripeObject): void {
  session.status = "expired";
  session.url = null;
  ctx.emit("checkout.session.expired", session);
}

export function createSession(ctx: Ctx): StripeObject {
  const p = ctx.params;
  const mode = requiredStr(p, "mode");
  if (mode !== "payment" && mode !== "setup")
    throw invalidRequest("Only payment and setup mode are supported here.", "mode");
  const successUrl = requiredStr(p, "success_url");
  const customer = str(p, "customer");
  if (customer) getCustomer(ctx, customer, "customer");
  const lines = mode === "payment" ? lineItems(p) : [];
  if (mode === "payment" && lines.length === 0) throw missingParameter("line_items");
  const total = lines.reduce((sum, l) => sum + l.amount_total, 0);
  const currency = mode === "payment" ? (lines[0]?.currency ?? null) : (str(p, "currency") ?? null);
  const id = newId("cs_test", 58);
  const expiresAt = int(p, "expires_at") ?? unixNow() + 24 * 3600;
  // Stripe's window: 30 minutes to 24 hours after the session is created.
  if (expiresAt < unixNow() + 30 * 60)
    throw invalidRequest(
      "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
      "expires_at",
    );
  if (expiresAt > unixNow() + 24 * 3600)
    throw invalidRequest(
      "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
      "expires_at",
    );
  const session: StripeObject = {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: mode === "payment" ? total : null,
    amount_total: mode === "payment" ? total : null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: str(p, "billing_address_collection") ?? null,
    cancel_url: str(p, "cancel_url") ?? null,
    client_reference_id: str(p, "client_reference_id") ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: unixNow(),
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: customer ?? null,
    customer_account: null,
    customer_creation: customer ? null : "if_required",
    customer_details: null,
    customer_email: str(p, "customer_email") ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: str(p, "locale") ?? null,
    managed_payments: null,
    metadata: mergeMetadata({}, p),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: mode === "payment" ? "unpaid" : "no_payment_required",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: successUrl,
    total_details:
      mode === "payment" ? { amount_discount: 0, amount_shipping: 0, amount_tax: 0 } : null,
    ui_mode: "hosted",
    url: `${ctx.baseUrl}/test/checkout/${id}`,
    wallet_options: null,
  };
  sessionLines.set(session, lines);
  // What the intent the page creates will carry (payment_intent_data / setup_intent_data).
  intentData.set(
    session,
    obj(p, mode === "payment" ? "payment_intent_data" : "setup_intent_data") ?? {},
  );
  ctx.store.checkoutSessions.set(id, session);
  return session;
}

export const intentData = new WeakMap<StripeObject, Params>();

export const checkoutSessionRoutes: Route[] = [
  route("POST", "/v1/checkout/sessions", (ctx) => {
    allowOnly(ctx.params, CREATE);
    return ok(createSession(ctx));
  }),
  route("GET", "/v1/checkout/sessions", (ctx) => {
    allowOnly(ctx.params, [
      "payment_intent",
      "customer",
      "status",
      "limit",
      "starting_after",
      "ending_before",
    ]);
    const pi = str(ctx.params, "payment_intent");
    const customer = str(ctx.params, "customer");
    const status = str(ctx.params, "status");
    const all = [...ctx.store.checkoutSessions.values()].filter(
      (s) =>
        (!pi || s.payment_intent === pi) &&
        (!customer || s.customer === customer) &&
        (!status || s.status === status),
    );
    return listOf(all, ctx.params, "/v1/checkout/sessions");
  }),
  route("GET", "/v1/checkout/sessions/:id", (ctx) => ok(getSession(ctx, ctx.ids[0]!))),
  route("GET", "/v1/checkout/sessions/:id/line_items", (ctx) => {
    allowOnly(ctx.params, ["limit", "starting_after", "ending_before"]);
    const session = getSession(ctx, ctx.ids[0]!);
    const items = (sessionLines.get(session) ?? []) as unknown as StripeObject[];
    return listOf(
      [...items].reverse(),
      ctx.params,
      `/v1/checkout/sessions/${session.id}/line_items`,
    );
  }),
  route("POST", "/v1/checkout/sessions/:id/expire", (ctx) => {
    allowOnly(ctx.params, []);
    const session = getSession(ctx, ctx.ids[0]!);
    if (session.status !== "open")
      throw invalidRequest(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(session.status)}".`,
        undefined,
        "checkout_session_unexpected_state",
      );
    expireSession(ctx, session);
    return ok(session);
  }),
];
