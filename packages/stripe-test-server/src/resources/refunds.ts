import { type Ctx, listOf, ok, route, type Route } from "../context";
import { invalidRequest, noSuch } from "../errors";
import { newId, unixNow } from "../ids";
import { allowOnly, int, mergeMetadata, str } from "../params";
import type { StripeObject } from "../store";

const REASONS = ["duplicate", "fraudulent", "requested_by_customer"];

function chargeFor(ctx: Ctx): StripeObject {
  const chargeId = str(ctx.params, "charge");
  const intentId = str(ctx.params, "payment_intent");
  if (chargeId) {
    const charge = ctx.store.charges.get(chargeId);
    if (!charge) throw noSuch("charge", chargeId, "charge");
    return charge;
  }
  if (!intentId)
    throw invalidRequest(
      "One of the following params should be provided for this request: payment_intent or charge.",
      undefined,
      "parameter_missing",
    );
  const intent = ctx.store.paymentIntents.get(intentId);
  if (!intent) throw noSuch("payment_intent", intentId, "payment_intent");
  const charge = intent.latest_charge
    ? ctx.store.charges.get(intent.latest_charge as string)
    : undefined;
  if (!charge || intent.status !== "succeeded")
    throw invalidRequest(
      `This PaymentIntent (${intentId}) does not have a successful charge to refund.`,
      "payment_intent",
      "charge_not_refundable",
    );
  return charge;
}

export const refundRoutes: Route[] = [
  route("POST", "/v1/refunds", (ctx) => {
    allowOnly(ctx.params, [
      "charge",
      "payment_intent",
      "amount",
      "reason",
      "metadata",
      "instructions_email",
    ]);
    const charge = chargeFor(ctx);
    const left = (charge.amount as number) - (charge.amount_refunded as number);
    const amount = int(ctx.params, "amount") ?? left;
    if (left <= 0)
      throw invalidRequest(
        `Charge ${charge.id} has already been refunded.`,
        undefined,
        "charge_already_refunded",
      );
    if (amount <= 0)
      throw invalidRequest("Invalid positive integer", "amount", "parameter_invalid_integer");
    if (amount > left)
      throw invalidRequest(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        "amount",
        "amount_too_large",
      );
    const reason = str(ctx.params, "reason");
    if (reason && !REASONS.includes(reason))
      throw invalidRequest(`Invalid reason: ${reason}`, "reason");
    const refund: StripeObject = {
      id: newId("re"),
      object: "refund",
      amount,
      balance_transaction: newId("txn"),
      charge: charge.id,
      created: unixNow(),
      currency: charge.currency,
      customer: charge.customer,
      customer_account: null,
      destination_details: { card: { type: "refund" }, type: "card" },
      metadata: mergeMetadata({}, ctx.params),
      payment_intent: charge.payment_intent,
      payment_method: charge.payment_method,
      reason: reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null,
    };
    ctx.store.refunds.set(refund.id, refund);
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const list = charge.refunds as { data: StripeObject[] };
    list.data = [refund, ...list.data];
    ctx.emit("refund.created", refund);
    ctx.emit("charge.refunded", charge);
    return ok(refund);
  }),
  route("GET", "/v1/refunds", (ctx) => {
    allowOnly(ctx.params, ["charge", "payment_intent", "limit", "starting_after", "ending_before"]);
    const charge = str(ctx.params, "charge");
    const intent = str(ctx.params, "payment_intent");
    const all = [...ctx.store.refunds.values()].filter(
      (r) => (!charge || r.charge === charge) && (!intent || r.payment_intent === intent),
    );
    return listOf(all, ctx.params, "/v1/refunds");
  }),
  route("GET", "/v1/refunds/:id", (ctx) => {
    const refund = ctx.store.refunds.get(ctx.ids[0]!);
    if (!refund) throw noSuch("refund", ctx.ids[0]!);
    return ok(refund);
  }),
  route("GET", "/v1/charges/:id", (ctx) => {
    const charge = ctx.store.charges.get(ctx.ids[0]!);
    if (!charge) throw noSuch("charge", ctx.ids[0]!);
    return ok(charge);
  }),
];
