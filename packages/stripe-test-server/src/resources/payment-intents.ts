import { type Ctx, listOf, ok, route, type Route } from "../context";
import { invalidRequest, noSuch, StripeApiError } from "../errors";
import { newId, unixNow } from "../ids";
import { allowOnly, bool, int, mergeMetadata, obj, requiredStr, str } from "../params";
import type { Store, StripeObject } from "../store";
import { createCharge } from "./charges";
import { getCustomer } from "./customers";
import { attach, resolvePaymentMethod } from "./payment-methods";

const CREATE = [
  "amount",
  "currency",
  "customer",
  "payment_method",
  "payment_method_types",
  "automatic_payment_methods",
  "confirm",
  "off_session",
  "setup_future_usage",
  "description",
  "metadata",
  "receipt_email",
  "return_url",
  "statement_descriptor_suffix",
  "capture_method",
  "error_on_requires_action",
];
const CONFIRM = [
  "payment_method",
  "return_url",
  "off_session",
  "setup_future_usage",
  "error_on_requires_action",
];

function declineError(intent: StripeObject, code: string, declineCode: string, message: string) {
  intent.status = "requires_payment_method";
  const error = {
    type: "card_error" as const,
    code,
    decline_code: declineCode,
    message,
    payment_method: intent.payment_method,
  };
  intent.last_payment_error = error;
  return error;
}

/** Confirms with the intent's payment method; a decline is thrown as Stripe's 402 with the intent. */
export function confirmIntent(
  ctx: Ctx,
  intent: StripeObject,
  opts: { offSession: boolean; returnUrl: string | null },
): void {
  if (!intent.payment_method)
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method.",
      "payment_method",
      "payment_intent_unexpected_state",
    );
  if (!["requires_payment_method", "requires_confirmation"].includes(intent.status as string))
    throw invalidRequest(
      `This PaymentIntent's status is ${String(intent.status)}: it cannot be confirmed.`,
      undefined,
      "payment_intent_unexpected_state",
    );
  const method = resolvePaymentMethod(ctx, intent.payment_method as string);
  intent.payment_method = method.id;
  if (intent.customer && method.customer && method.customer !== intent.customer)
    throw invalidRequest(
      "The provided PaymentMethod belongs to another customer.",
      "payment_method",
    );
  const behaviour = ctx.store.cardBehaviour.get(method.id) ?? "succeed";
  const fail = (code: string, decline: string, message: string) => {
    const error = declineError(intent, code, decline, message);
    ctx.emit("payment_intent.payment_failed", intent);
    throw new StripeApiError(402, { ...error, payment_intent: structuredClone(intent) });
  };
  if (behaviour === "decline" || behaviour === "fail_after_attach")
    fail("card_declined", "generic_decline", "Your card was declined.");
  if (behaviour === "insufficient_funds")
    fail("card_declined", "insufficient_funds", "Your card has insufficient funds.");
  if (behaviour === "requires_action") {
    if (opts.offSession)
      fail(
        "authentication_required",
        "authentication_required",
        "Your card was declined. This transaction requires authentication.",
      );
    intent.status = "requires_action";
    intent.next_action = {
      type: "redirect_to_url",
      redirect_to_url: {
        url: `${ctx.baseUrl}/test/3ds/${intent.id}`,
        return_url: opts.returnUrl,
      },
    };
    ctx.emit("payment_intent.requires_action", intent);
    return;
  }
  succeed(ctx, intent, method);
}

/** The money moves: a charge, the intent succeeded, the card saved when asked to. */
export function succeed(ctx: Ctx, intent: StripeObject, method: StripeObject): void {
  const charge = createCharge(ctx.store, intent, method);
  intent.status = "succeeded";
  intent.amount_received = intent.amount;
  intent.latest_charge = charge.id;
  intent.next_action = null;
  intent.last_payment_error = null;
  if (intent.setup_future_usage && intent.customer && !method.customer)
    attach(ctx, method, intent.customer as string);
  ctx.emit("charge.succeeded", charge);
  ctx.emit("payment_intent.succeeded", intent);
}

export function getIntent(store: Store, id: string): StripeObject {
  const intent = store.paymentIntents.get(id);
  if (!intent) throw noSuch("payment_intent", id);
  return intent;
}

export function createIntent(ctx: Ctx): StripeObject {
  const p = ctx.params;
  const amount = int(p, "amount");
  if (amount === undefined)
    throw invalidRequest("Missing required param: amount.", "amount", "parameter_missing");
  if (amount < 50 || amount > 99_999_999)
    throw invalidRequest(
      "Amount must be between 50 and 99999999 minor units.",
      "amount",
      "amount_too_small",
    );
  const customer = str(p, "customer");
  if (customer) getCustomer(ctx, customer, "customer");
  const id = newId("pi");
  const intent: StripeObject = {
    id,
    object: "payment_intent",
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: `${id}_secret_${newId("s").slice(2)}`,
    confirmation_method: "automatic",
    created: unixNow(),
    currency: requiredStr(p, "currency").toLowerCase(),
    customer: customer ?? null,
    customer_account: null,
    description: str(p, "description") ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, p),
    next_action: null,
    on_behalf_of: null,
    payment_method: str(p, "payment_method") ?? null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    processing: null,
    receipt_email: str(p, "receipt_email") ?? null,
    review: null,
    setup_future_usage: str(p, "setup_future_usage") ?? null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: str(p, "statement_descriptor_suffix") ?? null,
    status: str(p, "payment_method") ? "requires_confirmation" : "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
  if (obj(p, "automatic_payment_methods"))
    intent.automatic_payment_methods = { allow_redirects: "always", enabled: true };
  ctx.store.paymentIntents.set(id, intent);
  ctx.emit("payment_intent.created", intent);
  return intent;
}

/** `metadata['key']:'value'`, `customer:'…'`, `status:'…'`, joined by AND (Stripe's search syntax). */
function matches(intent: StripeObject, query: string): boolean {
  const clauses = query.split(/\s+AND\s+/i);
  return clauses.every((clause) => {
    const meta = /^metadata\[['"](.+?)['"]\]:['"](.*)['"]$/.exec(clause.trim());
    if (meta) return (intent.metadata as Record<string, string>)[meta[1]!] === meta[2];
    const field = /^(customer|status|currency):['"](.*)['"]$/.exec(clause.trim());
    if (field) return String(intent[field[1]!]) === field[2];
    throw invalidRequest(`Unsupported search clause: ${clause}`, "query");
  });
}

export const paymentIntentRoutes: Route[] = [
  route("POST", "/v1/payment_intents", (ctx) => {
    allowOnly(ctx.params, CREATE);
    const intent = createIntent(ctx);
    if (bool(ctx.params, "confirm"))
      confirmIntent(ctx, intent, {
        offSession: bool(ctx.params, "off_session") ?? false,
        returnUrl: str(ctx.params, "return_url") ?? null,
      });
    return ok(intent);
  }),
  route("GET", "/v1/payment_intents/search", (ctx) => {
    allowOnly(ctx.params, ["query", "limit", "page"]);
    const query = requiredStr(ctx.params, "query");
    const data = [...ctx.store.paymentIntents.values()].reverse().filter((i) => matches(i, query));
    return ok({
      object: "search_result",
      data,
      has_more: false,
      next_page: null,
      url: "/v1/payment_intents/search",
    });
  }),
  route("GET", "/v1/payment_intents", (ctx) => {
    allowOnly(ctx.params, ["customer", "limit", "starting_after", "ending_before", "created"]);
    const customer = str(ctx.params, "customer");
    const all = [...ctx.store.paymentIntents.values()].filter(
      (i) => !customer || i.customer === customer,
    );
    return listOf(all, ctx.params, "/v1/payment_intents");
  }),
  route("GET", "/v1/payment_intents/:id", (ctx) => {
    allowOnly(ctx.params, ["client_secret"]);
    return ok(getIntent(ctx.store, ctx.ids[0]!));
  }),
  route("POST", "/v1/payment_intents/:id", (ctx) => {
    allowOnly(ctx.params, [
      "metadata",
      "description",
      "payment_method",
      "receipt_email",
      "setup_future_usage",
    ]);
    const intent = getIntent(ctx.store, ctx.ids[0]!);
    intent.metadata = mergeMetadata(intent.metadata as Record<string, string>, ctx.params);
    for (const key of ["description", "payment_method", "receipt_email", "setup_future_usage"]) {
      const value = str(ctx.params, key);
      if (value !== undefined) intent[key] = value || null;
    }
    return ok(intent);
  }),
  route("POST", "/v1/payment_intents/:id/confirm", (ctx) => {
    allowOnly(ctx.params, CONFIRM);
    const intent = getIntent(ctx.store, ctx.ids[0]!);
    const pm = str(ctx.params, "payment_method");
    if (pm) intent.payment_method = pm;
    const sfu = str(ctx.params, "setup_future_usage");
    if (sfu) intent.setup_future_usage = sfu;
    confirmIntent(ctx, intent, {
      offSession: bool(ctx.params, "off_session") ?? false,
      returnUrl: str(ctx.params, "return_url") ?? null,
    });
    return ok(intent);
  }),
  route("POST", "/v1/payment_intents/:id/cancel", (ctx) => {
    allowOnly(ctx.params, ["cancellation_reason"]);
    const intent = getIntent(ctx.store, ctx.ids[0]!);
    if (intent.status === "succeeded" || intent.status === "canceled")
      throw invalidRequest(
        `You cannot cancel this PaymentIntent because it has a status of ${String(intent.status)}.`,
        undefined,
        "payment_intent_unexpected_state",
      );
    intent.status = "canceled";
    intent.canceled_at = unixNow();
    intent.cancellation_reason = str(ctx.params, "cancellation_reason") ?? null;
    intent.next_action = null;
    ctx.emit("payment_intent.canceled", intent);
    return ok(intent);
  }),
];
