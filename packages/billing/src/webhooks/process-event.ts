import { AppError } from "@salesos/validators";

import { finalizeCharge } from "../attempts/finalize";
import type { BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import { GatewayError, type GatewayEvent } from "../gateways/port";
import { mirrorGatewayCards } from "../usecases/gateway-cards";
import { syncGatewayCustomer } from "./customers";
import { syncDispute } from "./disputes";
import { syncExternalRefunds } from "./external-refunds";
import { syncHostedCheckout } from "../usecases/hosted-checkout";

const CHECKOUT_EVENTS = new Set([
  "checkout.session.completed",
  "checkout.session.expired",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
]);

/**
 * A payment intent's news for the attempt it names. A hosted checkout's attempt is settled from its
 * Checkout Session (which holds the card); any other attempt still open is settled by asking the gateway
 * about its key, as the reconciler does. Settled attempts are left as they are.
 */
async function syncAttempt(deps: BillingDeps, attemptId: string, now: Date): Promise<void> {
  const attempt = await deps.db.paymentAttempt.findUnique({ where: { id: attemptId } });
  if (!attempt || attempt.kind !== "CHARGE") return;
  if (!["PENDING", "PROCESSING", "REQUIRES_ACTION"].includes(attempt.status)) return;
  if (attempt.purpose === "CHECKOUT" && attempt.checkoutSessionId) {
    const session = await deps.db.checkoutSession.findUnique({
      where: { id: attempt.checkoutSessionId },
    });
    if (session?.gatewaySessionId) {
      await syncHostedCheckout(deps, { gatewaySessionId: session.gatewaySessionId, now });
      return;
    }
  }
  const result = await callGateway(() =>
    deps.gateway.retrieveCharge({ idempotencyKey: attempt.id }),
  );
  if (result) await finalizeCharge(deps, { attemptId: attempt.id, result, now });
}

async function apply(deps: BillingDeps, event: GatewayEvent, now: Date): Promise<void> {
  if (CHECKOUT_EVENTS.has(event.type)) {
    await syncHostedCheckout(deps, { gatewaySessionId: event.objectId, now }).catch(
      (error: unknown) => {
        // A session that is not ours (another integration on the same Stripe account) is acknowledged.
        if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
      },
    );
    return;
  }
  if (event.type.startsWith("payment_intent.") && event.attemptId) {
    await syncAttempt(deps, event.attemptId, now);
    return;
  }
  if (event.type === "charge.refunded" && event.gatewayPaymentId) {
    await syncExternalRefunds(deps, { gatewayPaymentId: event.gatewayPaymentId, now });
    return;
  }
  if ((event.type === "customer.updated" || event.type === "customer.deleted") && event.objectId) {
    await syncGatewayCustomer(deps, { gatewayCustomerId: event.objectId, now });
    return;
  }
  if (event.type.startsWith("charge.dispute.")) {
    await syncDispute(deps, { gatewayDisputeId: event.objectId, eventType: event.type, now });
    return;
  }
  if (event.type.startsWith("payment_method.")) {
    // attached, detached, updated, automatically_updated: our rows follow the gateway's list. A detached
    // method names no customer any more: the row that held it tells whose list to re-read.
    const row = await deps.db.paymentMethod.findFirst({
      where: { gatewayPaymentMethodId: event.objectId },
    });
    const customer = row
      ? await deps.db.billingCustomer.findUnique({ where: { organizationId: row.organizationId } })
      : event.gatewayCustomerId
        ? await deps.db.billingCustomer.findFirst({
            where: { gatewayCustomerId: event.gatewayCustomerId },
          })
        : null;
    if (customer) await mirrorGatewayCards(deps, customer, now);
    return;
  }
  // Other types are acknowledged and recorded: our own flows already wrote what they mean.
}

/**
 * Applies a verified event and records it (after its effect committed), unless it was recorded before.
 * The webhook route calls it at once; the `gateway.event` job calls it again for an event whose first
 * try failed (webhooks/event-job.ts).
 */
export async function applyGatewayEvent(
  deps: BillingDeps,
  args: { event: GatewayEvent; now: Date },
): Promise<{ duplicate: boolean }> {
  const { event, now } = args;
  const seen = await deps.db.webhookEvent.findUnique({ where: { id: event.id } });
  if (seen) return { duplicate: true };
  await apply(deps, event, now);
  await deps.db.webhookEvent.createMany({
    data: [{ id: event.id, gateway: deps.gateway.name, type: event.type, processedAt: now }],
    skipDuplicates: true,
  });
  return { duplicate: false };
}

/**
 * POST /v1/webhooks/stripe: the signature is checked on the raw body (400 when bad or older than 300 s),
 * an event seen before is acknowledged and skipped, the object it names is re-fetched before anything
 * is written, and the event is recorded only after its effect committed. When applying fails and `defer`
 * is given (the app's job queue), the verified event is handed to it — retried with backoff, then dead and
 * visible to staff — and the answer is 200 `deferred`; without `defer` the failure throws (5xx) and the
 * gateway delivers the event again.
 */
export async function processGatewayEvent(
  deps: BillingDeps,
  args: {
    rawBody: string;
    signature: string | null;
    now: Date;
    defer?: ((event: GatewayEvent) => Promise<void>) | undefined;
  },
): Promise<{ id: string; type: string; duplicate: boolean; deferred: boolean }> {
  const gateway = deps.gateway;
  if (!gateway.parseWebhook) throw new AppError("NOT_FOUND", "This gateway sends no webhooks.");
  let event: GatewayEvent;
  try {
    event = gateway.parseWebhook({ rawBody: args.rawBody, signature: args.signature });
  } catch (error) {
    if (error instanceof GatewayError)
      throw new AppError("BAD_REQUEST", "The webhook signature is invalid or too old.");
    throw error;
  }
  try {
    const { duplicate } = await applyGatewayEvent(deps, { event, now: args.now });
    return { id: event.id, type: event.type, duplicate, deferred: false };
  } catch (error) {
    if (!args.defer) throw error;
    await args.defer(event);
    return { id: event.id, type: event.type, duplicate: false, deferred: true };
  }
}
