import { createHash } from "node:crypto";

import { behaviourOf, brandOf, CARD_ALIASES, luhnValid } from "../cards";
import { type Ctx, listOf, ok, route, type Route } from "../context";
import { cardError, invalidRequest, missingParameter, noSuch } from "../errors";
import { newId, unixNow } from "../ids";
import { allowOnly, mergeMetadata, obj, requiredStr, str } from "../params";
import type { StripeObject } from "../store";
import { getCustomer } from "./customers";

/** A card payment method from a number (raw test numbers are accepted here, as in Stripe test mode). */
export function createCardMethod(
  ctx: Ctx,
  card: { number: string; exp_month: number; exp_year: number },
  billing: { email?: string | null; name?: string | null } = {},
): StripeObject {
  if (!luhnValid(card.number))
    throw cardError("incorrect_number", "Your card number is incorrect.", {
      param: "card[number]",
    });
  const brand = brandOf(card.number);
  const method: StripeObject = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: {
        city: null,
        country: null,
        line1: null,
        line2: null,
        postal_code: null,
        state: null,
      },
      email: billing.email ?? null,
      name: billing.name ?? null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: brand,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: createHash("sha256").update(card.number).digest("base64url").slice(0, 16),
      funding: "credit",
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [brand], preferred: null },
      regulated_status: null,
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: unixNow(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
  ctx.store.paymentMethods.set(method.id, method);
  ctx.store.cardBehaviour.set(method.id, behaviourOf(card.number));
  return method;
}

/** A payment method by id, or a new one made from a `pm_card_*` alias (as Stripe does). */
export function resolvePaymentMethod(ctx: Ctx, id: string, param = "payment_method"): StripeObject {
  const alias = CARD_ALIASES[id];
  if (alias) return createCardMethod(ctx, { number: alias, exp_month: 12, exp_year: 2034 });
  const method = ctx.store.paymentMethods.get(id);
  if (!method) throw noSuch("PaymentMethod", id, param);
  return method;
}

/** Attaches to a customer; a card that is declined outright (0002) cannot be attached. */
export function attach(ctx: Ctx, method: StripeObject, customerId: string): void {
  if (method.customer && method.customer !== customerId)
    throw invalidRequest(
      "The payment method you provided has already been attached to a customer.",
      "payment_method",
      "payment_method_already_attached",
    );
  const customer = getCustomer(ctx, customerId, "customer");
  const behaviour = ctx.store.cardBehaviour.get(method.id);
  if (behaviour === "decline")
    throw cardError("card_declined", "Your card was declined.", {
      decline_code: "generic_decline",
      param: "",
    });
  if (method.customer === customer.id) return;
  method.customer = customer.id;
  ctx.emit("payment_method.attached", method);
}

function parseCard(ctx: Ctx) {
  const card = obj(ctx.params, "card");
  if (!card) throw missingParameter("card");
  const number = (typeof card.number === "string" ? card.number : "").replace(/\s+/g, "");
  const expMonth = Number(card.exp_month);
  const expYear = Number(card.exp_year);
  if (!number) throw missingParameter("card[number]");
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12)
    throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", {
      param: "card[exp_month]",
    });
  if (!Number.isInteger(expYear) || expYear < new Date().getUTCFullYear())
    throw cardError("invalid_expiry_year", "Your card's expiration year is invalid.", {
      param: "card[exp_year]",
    });
  return { number, exp_month: expMonth, exp_year: expYear };
}

export const paymentMethodRoutes: Route[] = [
  route("POST", "/v1/payment_methods", (ctx) => {
    allowOnly(ctx.params, ["type", "card", "billing_details", "metadata", "allow_redisplay"]);
    if (requiredStr(ctx.params, "type") !== "card")
      throw invalidRequest("Only card payment methods are supported here.", "type");
    const details = obj(ctx.params, "billing_details");
    const method = createCardMethod(ctx, parseCard(ctx), {
      email: typeof details?.email === "string" ? details.email : null,
      name: typeof details?.name === "string" ? details.name : null,
    });
    method.metadata = mergeMetadata({}, ctx.params);
    return ok(method);
  }),
  route("GET", "/v1/payment_methods", (ctx) => {
    allowOnly(ctx.params, ["customer", "type", "limit", "starting_after", "ending_before"]);
    const customer = str(ctx.params, "customer");
    if (customer) getCustomer(ctx, customer, "customer");
    const all = [...ctx.store.paymentMethods.values()].filter(
      (m) => customer === undefined || m.customer === customer,
    );
    return listOf(all, ctx.params, "/v1/payment_methods");
  }),
  route("GET", "/v1/customers/:id/payment_methods", (ctx) => {
    allowOnly(ctx.params, ["type", "limit", "starting_after", "ending_before", "allow_redisplay"]);
    const customer = getCustomer(ctx, ctx.ids[0]!);
    const all = [...ctx.store.paymentMethods.values()].filter((m) => m.customer === customer.id);
    return listOf(all, ctx.params, `/v1/customers/${customer.id}/payment_methods`);
  }),
  route("GET", "/v1/payment_methods/:id", (ctx) =>
    ok(resolvePaymentMethod(ctx, ctx.ids[0]!, "id")),
  ),
  route("POST", "/v1/payment_methods/:id", (ctx) => {
    allowOnly(ctx.params, ["metadata", "billing_details", "card", "allow_redisplay"]);
    const method = resolvePaymentMethod(ctx, ctx.ids[0]!, "id");
    method.metadata = mergeMetadata(method.metadata as Record<string, string>, ctx.params);
    const card = obj(ctx.params, "card");
    const details = method.card as Record<string, unknown>;
    if (card?.exp_month) details.exp_month = Number(card.exp_month);
    if (card?.exp_year) details.exp_year = Number(card.exp_year);
    ctx.emit("payment_method.updated", method);
    return ok(method);
  }),
  route("POST", "/v1/payment_methods/:id/attach", (ctx) => {
    allowOnly(ctx.params, ["customer"]);
    const method = resolvePaymentMethod(ctx, ctx.ids[0]!, "id");
    attach(ctx, method, requiredStr(ctx.params, "customer"));
    return ok(method);
  }),
  route("POST", "/v1/payment_methods/:id/detach", (ctx) => {
    allowOnly(ctx.params, []);
    const method = resolvePaymentMethod(ctx, ctx.ids[0]!, "id");
    if (!method.customer)
      throw invalidRequest(
        "The payment method you provided is not attached to a customer so detachment is impossible.",
        "payment_method",
        "payment_method_unexpected_state",
      );
    const customer = ctx.store.customers.get(method.customer as string);
    const settings = customer?.invoice_settings as Record<string, unknown> | undefined;
    if (settings?.default_payment_method === method.id) settings.default_payment_method = null;
    method.customer = null;
    ctx.emit("payment_method.detached", method);
    return ok(method);
  }),
];
