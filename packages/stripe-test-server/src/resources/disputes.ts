import { type Ctx, listOf, ok, route, type Route } from "../context";
import { invalidRequest, noSuch } from "../errors";
import { newId, unixNow } from "../ids";
import { allowOnly } from "../params";
import type { Store, StripeObject } from "../store";

const REASONS = [
  "fraudulent",
  "product_not_received",
  "duplicate",
  "general",
  "subscription_canceled",
];

/**
 * A chargeback on a payment intent's charge, as a bank would open one (Stripe's test cards do it on
 * their own; here a test asks through the control API or `server.dispute()`).
 */
export function openDispute(
  ctx: Pick<Ctx, "store" | "emit">,
  args: { paymentIntentId: string; reason?: string },
): StripeObject {
  const intent = ctx.store.paymentIntents.get(args.paymentIntentId);
  const charge = intent?.latest_charge
    ? ctx.store.charges.get(intent.latest_charge as string)
    : undefined;
  if (!intent || !charge) throw noSuch("payment_intent", args.paymentIntentId, "payment_intent");
  const reason = args.reason ?? "fraudulent";
  if (!REASONS.includes(reason)) throw invalidRequest(`Invalid reason: ${reason}`, "reason");
  const card = (charge.payment_method_details as { card: Record<string, unknown> }).card;
  const dispute: StripeObject = {
    id: newId("dp"),
    object: "dispute",
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: unixNow(),
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: {
      access_activity_log: null,
      billing_address: null,
      cancellation_policy: null,
      cancellation_policy_disclosure: null,
      cancellation_rebuttal: null,
      customer_communication: null,
      customer_email_address: null,
      customer_name: null,
      customer_purchase_ip: null,
      customer_signature: null,
      duplicate_charge_documentation: null,
      duplicate_charge_explanation: null,
      duplicate_charge_id: null,
      enhanced_evidence: {},
      product_description: null,
      receipt: null,
      refund_policy: null,
      refund_policy_disclosure: null,
      refund_refusal_explanation: null,
      service_date: null,
      service_documentation: null,
      shipping_address: null,
      shipping_carrier: null,
      shipping_date: null,
      shipping_documentation: null,
      shipping_tracking_number: null,
      uncategorized_file: null,
      uncategorized_text: null,
    },
    evidence_details: {
      due_by: unixNow() + 14 * 86400,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: intent.id,
    payment_method_details: {
      card: {
        brand: card.brand,
        case_type: "chargeback",
        network: card.brand,
        network_reason_code: "10.4",
      },
      type: "card",
    },
    reason,
    status: "needs_response",
  };
  ctx.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  ctx.emit("charge.dispute.created", dispute);
  return dispute;
}

/** The bank decides: won (the money comes back) or lost. */
export function closeDispute(
  ctx: Pick<Ctx, "store" | "emit">,
  args: { id: string; status: "won" | "lost" },
) {
  const dispute = getDispute(ctx.store, args.id);
  dispute.status = args.status;
  ctx.emit("charge.dispute.closed", dispute);
  return dispute;
}

function getDispute(store: Store, id: string): StripeObject {
  const dispute = store.disputes.get(id);
  if (!dispute) throw noSuch("dispute", id);
  return dispute;
}

export const disputeRoutes: Route[] = [
  route("GET", "/v1/disputes", (ctx) => {
    allowOnly(ctx.params, ["charge", "payment_intent", "limit", "starting_after", "ending_before"]);
    return listOf([...ctx.store.disputes.values()], ctx.params, "/v1/disputes");
  }),
  route("GET", "/v1/disputes/:id", (ctx) => ok(getDispute(ctx.store, ctx.ids[0]!))),
];
