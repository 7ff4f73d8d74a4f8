import { AppError } from "@salesos/validators";

import { crashPoint } from "../attempts/crash";
import { finalizeCharge } from "../attempts/finalize";
import type { BillingDeps } from "../deps";
import { chargeAll, GatewayError, type ChargeInput } from "../gateways/port";
import { claimCollections, openInvoices, type DueCharge } from "./collect-due";
import { recordAttempts, type RecordedCharge } from "./collect-record";
import { settleCharges, type Answered } from "./collect-settle";
import { collectInvoice, type ChargeOutcome } from "./collection";

export type CollectOutcome = ChargeOutcome | "nothing_open";

/** The charge as chargeThroughAttempt sends it: off-session, the attempt's id as the key. */
function chargeInput(deps: BillingDeps, charge: RecordedCharge, now: Date): ChargeInput {
  return {
    gatewayCustomerId: charge.gatewayCustomerId,
    gatewayPaymentMethodId: charge.method.gatewayPaymentMethodId,
    amount: charge.invoice.amountDue,
    currency: charge.invoice.currency,
    description: charge.description,
    idempotencyKey: charge.attemptId,
    onSession: false,
    confirmed: false,
    returnUrl: new URL(`/billing/confirm?attempt=${charge.attemptId}`, deps.appUrl).toString(),
    now,
  };
}

/**
 * One by one, an AppError anywhere in a charge (the database too busy for its transaction, a guard's
 * 409) made it "nothing to do now" for the clock: the attempt, if any, is left to the reconciler.
 */
async function orNothing<T>(work: () => Promise<T>, nothing: T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) return nothing;
    throw error;
  }
}

/** finalizeCharge one by one, read as collectOne reads its outcome. */
async function finalizeEach(deps: BillingDeps, answered: Answered[], now: Date) {
  const outcomes: CollectOutcome[] = [];
  for (const { charge, result } of answered) {
    const attempt = await orNothing(
      () => finalizeCharge(deps, { attemptId: charge.attemptId, result, now }),
      null,
    );
    if (attempt?.status === "SUCCEEDED" && attempt.effect === "APPLIED") outcomes.push("paid");
    else if (attempt?.status === "FAILED" || attempt?.status === "REQUIRES_ACTION")
      outcomes.push("failed");
    else outcomes.push("nothing_open"); // refunded, still unknown, or busy: an AppError one by one
  }
  return outcomes;
}

/**
 * Sends the recorded charges together. A gateway error is that charge's alone, handled as `send`
 * handles it one by one: a definite refusal before any money moved (an unknown card) fails the attempt;
 * another gateway error leaves it PENDING for the reconciler; anything else is a fault, returned so the
 * run stops once the answers already in hand are recorded.
 */
async function sendCharges(deps: BillingDeps, recorded: RecordedCharge[], now: Date) {
  const answers = await chargeAll(
    deps.gateway,
    recorded.map((charge) => chargeInput(deps, charge, now)),
  );
  const answered: Answered[] = [];
  let refused = 0;
  let fault: unknown = null;
  for (const [i, answer] of answers.entries()) {
    const charge = recorded[i]!;
    if ("result" in answer) {
      answered.push({ charge, result: answer.result });
      continue;
    }
    refused++;
    const error = answer.error;
    if (error instanceof GatewayError && !error.retryable && error.code !== "provider_error") {
      const result = {
        status: "failed" as const,
        gatewayPaymentId: "",
        failureCode: error.code,
        declineCode: error.declineCode,
        message: error.message,
      };
      await orNothing(
        () => finalizeCharge(deps, { attemptId: charge.attemptId, result, now }),
        null,
      );
    } else if (!(error instanceof GatewayError) && !(error instanceof AppError)) fault ??= error;
  }
  return { answered, refused, fault };
}

/** The answers applied: in bulk where they are common, one by one where not (settleCharges). */
async function applyAnswers(
  deps: BillingDeps,
  answered: Answered[],
  now: Date,
): Promise<CollectOutcome[]> {
  // Too busy to settle them together: each stays PENDING for the reconciler, as one by one.
  const settled = await orNothing(() => settleCharges(deps, answered, now), null);
  if (!settled) return answered.map(() => "nothing_open");
  return [
    ...settled.paid.map(() => "paid" as const),
    ...settled.failed.map(() => "failed" as const),
    ...(await finalizeEach(deps, settled.fallback, now)),
  ];
}

/**
 * collectOne for up to `limit` due subscriptions: claimed in one statement, their oldest open invoices
 * read at once, the payment attempts recorded in one transaction before any gateway call, the charges
 * sent together (`chargeMany`; `only`: among these subscriptions alone), then the answers applied in one transaction (settleCharges). What the
 * batch does not handle in bulk goes through the one-by-one code: no card on file, an amount that is
 * not a positive integer (chargeInvoice), and the unusual answers (finalizeCharge). An empty result:
 * nothing was due.
 */
export async function collectBatch(
  deps: BillingDeps,
  now: Date,
  limit: number,
  only?: readonly string[],
): Promise<CollectOutcome[]> {
  const claimed = await claimCollections(deps, now, limit, only);
  const { due, nothingOpen } = await openInvoices(deps, claimed);
  const outcomes: CollectOutcome[] = nothingOpen.map(() => "nothing_open");
  const bulk: (DueCharge & { method: RecordedCharge["method"] })[] = [];
  for (const charge of due) {
    const { method, invoice } = charge;
    if (method && Number.isSafeInteger(invoice.amountDue) && invoice.amountDue > 0)
      bulk.push({ ...charge, method });
    else
      outcomes.push(
        await collectInvoice(deps, { invoice, subscription: charge.subscription, now }),
      );
  }
  const recorded = await orNothing(() => recordAttempts(deps, bulk, now), []);
  // Invoices whose guard refused (paid meanwhile, a charge in flight): nothing to do now.
  for (let i = recorded.length; i < bulk.length; i++) outcomes.push("nothing_open");
  if (recorded.length === 0) return outcomes;

  const { answered, refused, fault } = await sendCharges(deps, recorded, now);
  for (let i = 0; i < refused; i++) outcomes.push("nothing_open");
  // Charged, nothing recorded yet: where a kill -9 leaves the reconciler the most to do.
  if (answered.length > 0) crashPoint(deps, "invoice.charged");
  outcomes.push(...(await applyAnswers(deps, answered, now)));
  if (fault !== null)
    throw fault instanceof Error
      ? fault
      : new Error("The gateway failed unexpectedly.", { cause: fault });
  return outcomes;
}
