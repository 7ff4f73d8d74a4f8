import type { CreditNote, CreditNoteLine, CreditNoteReason, PaymentAttempt } from "@salesos/db";

import { refundableAmount } from "../attempts/refund";
import { postBalance } from "../balance";
import type { BillingDeps, Tx } from "../deps";

export interface CreditNoteDraft {
  customerId: string;
  currency: string;
  invoiceId: string | null;
  subscriptionId: string | null;
  reason: CreditNoteReason;
  memo: string | null;
  /** Positive = credited; their sum is the subtotal. */
  lines: { description: string; amount: number }[];
  taxAmount: number;
  /**
   * Refund up to `maxAmount` to the card, from these succeeded charges in order; whatever is not
   * refunded goes to the customer's balance. Null: all of it to the balance.
   */
  refund: { maxAmount: number; charges: PaymentAttempt[] } | null;
  /** Money already given back outside the app (a refund at the processor): recorded, not sent again. */
  alreadyRefunded?: number;
  now: Date;
}

export type IssuedCreditNote = CreditNote & { lines: CreditNoteLine[] };

/**
 * The succeeded charges that paid these invoices, newest first (through their payment rows: a checkout's
 * attempt is made before its invoice exists, so the attempt itself does not name it).
 */
export async function chargesThatPaid(
  tx: Tx,
  where: { invoiceId: string } | { subscriptionId: string },
): Promise<PaymentAttempt[]> {
  const payments = await tx.payment.findMany({
    where: {
      status: "SUCCEEDED",
      attemptId: { not: null },
      ...("invoiceId" in where ? { invoiceId: where.invoiceId } : { invoice: where }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const ids = payments.flatMap((p) => (p.attemptId ? [p.attemptId] : []));
  const charges = await tx.paymentAttempt.findMany({
    where: { id: { in: ids }, kind: "CHARGE", status: "SUCCEEDED" },
  });
  return ids.flatMap((id) => charges.filter((c) => c.id === id));
}

/** How much each charge gives back: in the order given, each up to what is left of it. */
async function allocateRefunds(
  tx: Tx,
  refund: NonNullable<CreditNoteDraft["refund"]>,
  total: number,
): Promise<{ charge: PaymentAttempt; amount: number }[]> {
  let wanted = Math.min(refund.maxAmount, total);
  const parts: { charge: PaymentAttempt; amount: number }[] = [];
  for (const charge of refund.charges) {
    if (wanted <= 0) break;
    if (charge.kind !== "CHARGE" || charge.status !== "SUCCEEDED" || !charge.gatewayPaymentId)
      continue;
    const left = await refundableAmount(tx as unknown as BillingDeps["db"], charge);
    const amount = Math.min(left, wanted);
    if (amount > 0) {
      parts.push({ charge, amount });
      wanted -= amount;
    }
  }
  return parts;
}

/**
 * Issues a credit note inside the caller's transaction, which holds the organization's lock: the next
 * credit note number (gapless, per organization), its lines, the refund attempts for the part paid back
 * to the card (PENDING: the caller sends them after the commit, the reconciler if it crashes), and a
 * ledger row for the part put on the balance.
 */
export async function issueCreditNote(
  tx: Tx,
  draft: CreditNoteDraft,
): Promise<{ creditNote: IssuedCreditNote; refundAttemptIds: string[] }> {
  const subtotal = draft.lines.reduce((sum, line) => sum + line.amount, 0);
  const total = subtotal + draft.taxAmount;
  if (!Number.isSafeInteger(total) || total <= 0)
    throw new RangeError(`A credit note credits a positive amount, got ${total}`);
  const parts = draft.refund ? await allocateRefunds(tx, draft.refund, total) : [];
  const refundAmount =
    (draft.alreadyRefunded ?? 0) + parts.reduce((sum, part) => sum + part.amount, 0);
  if (refundAmount > total) throw new RangeError("A credit note refunds at most its total");
  const [counter] = await tx.$queryRaw<{ seq: number; prefix: string; organizationId: string }[]>`
    UPDATE billing_customers SET next_credit_note_sequence = next_credit_note_sequence + 1
     WHERE id = ${draft.customerId}
     RETURNING next_credit_note_sequence - 1 AS seq, invoice_prefix AS prefix,
               organization_id AS "organizationId"`;
  if (!counter) throw new Error(`billing customer ${draft.customerId} vanished`);
  const creditNote = await tx.creditNote.create({
    data: {
      organizationId: counter.organizationId,
      customerId: draft.customerId,
      invoiceId: draft.invoiceId,
      subscriptionId: draft.subscriptionId,
      number: `${counter.prefix}-CN-${String(counter.seq).padStart(6, "0")}`,
      reason: draft.reason,
      memo: draft.memo,
      currency: draft.currency,
      subtotal,
      taxAmount: draft.taxAmount,
      total,
      refundAmount,
      creditAmount: total - refundAmount,
      createdAt: draft.now,
      lines: {
        create: draft.lines.map((line, position) => ({ ...line, position })),
      },
    },
    include: { lines: true },
  });
  const refundAttemptIds: string[] = [];
  for (const { charge, amount } of parts) {
    const attempt = await tx.paymentAttempt.create({
      data: {
        organizationId: charge.organizationId,
        kind: "REFUND",
        purpose: "REFUND",
        status: "PENDING",
        amount,
        currency: charge.currency,
        gateway: charge.gateway,
        payload: { reason: `credit note ${creditNote.number}` },
        subscriptionId: charge.subscriptionId,
        invoiceId: charge.invoiceId,
        gatewayPaymentId: charge.gatewayPaymentId,
        refundOfId: charge.id,
        creditNoteId: creditNote.id,
        createdAt: draft.now,
      },
    });
    refundAttemptIds.push(attempt.id);
  }
  await postBalance(tx, {
    customerId: draft.customerId,
    type: "CREDIT_NOTE",
    amount: total - refundAmount,
    description: `Credit note ${creditNote.number}`,
    creditNoteId: creditNote.id,
    invoiceId: draft.invoiceId,
    now: draft.now,
  });
  return { creditNote, refundAttemptIds };
}

export function toCreditNoteView(note: IssuedCreditNote) {
  return {
    id: note.id,
    number: note.number,
    invoiceId: note.invoiceId,
    reason: note.reason,
    memo: note.memo,
    currency: note.currency,
    subtotal: note.subtotal,
    taxAmount: note.taxAmount,
    total: note.total,
    refundAmount: note.refundAmount,
    creditAmount: note.creditAmount,
    createdAt: note.createdAt,
    lines: [...note.lines]
      .sort((a, b) => a.position - b.position)
      .map((line) => ({ description: line.description, amount: line.amount })),
  };
}
export type CreditNoteView = ReturnType<typeof toCreditNoteView>;
