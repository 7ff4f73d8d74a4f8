import { type Ctx, listOf, ok, route, type Route } from "../context";
import { invalidRequest, noSuch, StripeApiError } from "../errors";
import { newId, unixNow } from "../ids";
import { allowOnly, bool, mergeMetadata, str } from "../params";
import type { StripeObject } from "../store";
import { getCustomer } from "./customers";
import { attach, resolvePaymentMethod } from "./payment-methods";

const CREATE = [
  "customer",
  "payment_method",
  "payment_method_types",
  "automatic_payment_methods",
  "confirm",
  "usage",
  "description",
  "metadata",
  "return_url",
];

/** Confirms a setup: the card is checked and attached to the customer (0002 is declined here). */
export function confirmSetup(ctx: Ctx, intent: StripeObject, returnUrl: string | null): void {
  if (!intent.payment_method)
    throw invalidRequest(
      "You cannot confirm this SetupIntent because it's missing a payment method.",
      "payment_method",
      "setup_intent_unexpected_state",
    );
  const method = resolvePaymentMethod(ctx, intent.payment_method as string);
  intent.payment_method = method.id;
  const behaviour = ctx.store.cardBehaviour.get(method.id) ?? "succeed";
  if (behaviour === "decline" || behaviour === "insufficient_funds") {
    const error = {
      type: "card_error" as const,
      code: "card_declined",
      decline_code: behaviour === "decline" ? "generic_decline" : "insufficient_funds",
      message: "Your card was declined.",
    };
    intent.status = "requires_payment_method";
    intent.last_setup_error = error;
    ctx.emit("setup_intent.setup_failed", intent);
    throw new StripeApiError(402, { ...error, setup_intent: structuredClone(intent) });
  }
  if (behaviour === "requires_action") {
    intent.status = "requires_action";
    intent.next_action = {
      type: "redirect_to_url",
      redirect_to_url: { url: `${ctx.baseUrl}/test/3ds/${intent.id}`, return_url: returnUrl },
    };
    ctx.emit("setup_intent.requires_action", intent);
    return;
  }
  completeSetup(ctx, intent, method);
}

export function completeSetup(ctx: Ctx, intent: StripeObject, method: StripeObject): void {
  if (intent.customer) attach(ctx, method, intent.customer as string);
  intent.status = "succeeded";
  intent.next_action = null;
  intent.last_setup_error = null;
  ctx.emit("setup_intent.succeeded", intent);
}

export function createSetupIntent(ctx: Ctx): StripeObject {
  const p = ctx.params;
  const customer = str(p, "customer");
  if (customer) getCustomer(ctx, customer, "customer");
  const id = newId("seti");
  const intent: StripeObject = {
    id,
    object: "setup_intent",
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${newId("s").slice(2)}`,
    created: unixNow(),
    customer: customer ?? null,
    description: str(p, "description") ?? null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: mergeMetadata({}, p),
    next_action: null,
    on_behalf_of: null,
    payment_method: str(p, "payment_method") ?? null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    single_use_mandate: null,
    status: str(p, "payment_method") ? "requires_confirmation" : "requires_payment_method",
    usage: str(p, "usage") ?? "off_session",
  };
  ctx.store.setupIntents.set(id, intent);
  ctx.emit("setup_intent.created", intent);
  return intent;
}

function getSetupIntent(ctx: Ctx, id: string): StripeObject {
  const intent = ctx.store.setupIntents.get(id);
  if (!intent) throw noSuch("setup_intent", id);
  return intent;
}

export const setupIntentRoutes: Route[] = [
  route("POST", "/v1/setup_intents", (ctx) => {
    allowOnly(ctx.params, CREATE);
    const intent = createSetupIntent(ctx);
    if (bool(ctx.params, "confirm"))
      confirmSetup(ctx, intent, str(ctx.params, "return_url") ?? null);
    return ok(intent);
  }),
  route("GET", "/v1/setup_intents", (ctx) => {
    allowOnly(ctx.params, [
      "customer",
      "payment_method",
      "limit",
      "starting_after",
      "ending_before",
    ]);
    const customer = str(ctx.params, "customer");
    const all = [...ctx.store.setupIntents.values()].filter(
      (i) => !customer || i.customer === customer,
    );
    return listOf(all, ctx.params, "/v1/setup_intents");
  }),
  route("GET", "/v1/setup_intents/:id", (ctx) => {
    allowOnly(ctx.params, ["client_secret"]);
    return ok(getSetupIntent(ctx, ctx.ids[0]!));
  }),
  route("POST", "/v1/setup_intents/:id/confirm", (ctx) => {
    allowOnly(ctx.params, ["payment_method", "return_url"]);
    const intent = getSetupIntent(ctx, ctx.ids[0]!);
    const pm = str(ctx.params, "payment_method");
    if (pm) intent.payment_method = pm;
    confirmSetup(ctx, intent, str(ctx.params, "return_url") ?? null);
    return ok(intent);
  }),
  route("POST", "/v1/setup_intents/:id/cancel", (ctx) => {
    allowOnly(ctx.params, ["cancellation_reason"]);
    const intent = getSetupIntent(ctx, ctx.ids[0]!);
    if (intent.status === "succeeded" || intent.status === "canceled")
      throw invalidRequest(
        `You cannot cancel this SetupIntent because it has a status of ${String(intent.status)}.`,
        undefined,
        "setup_intent_unexpected_state",
      );
    intent.status = "canceled";
    intent.cancellation_reason = str(ctx.params, "cancellation_reason") ?? null;
    ctx.emit("setup_intent.canceled", intent);
    return ok(intent);
  }),
];
