import type { CreditNoteReason } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { lockOrganization, moneyTx } from "../attempts/money-tx";
import { sendRefund } from "../attempts/refund";
import { writeAudit } from "../audit";
import type { BillingActor, BillingDeps } from "../deps";
import { mulDivHalfUp } from "../money";
import { chargesThatPaid, issueCreditNote, toCreditNoteView, type CreditNoteView } from "./issue";

/**
 * A credit note on a paid invoice, full or partial (`amount` includes tax, split in the invoice's own
 * proportion): refunded to the card that paid it when `refund` is set (as far as the charges allow), the
 * rest on the customer's balance. The credit notes of one invoice never add up to more than its total.
 * Recorded under the organization's lock before any refund is sent; refunds then go out by attempt.
 */
export async function createCreditNote(
  deps: BillingDeps,
  args: {
    actor: BillingActor;
    invoiceId: string;
    amount: number;
    reason: CreditNoteReason;
    memo?: string | null;
    refund: boolean;
    now: Date;
  },
): Promise<CreditNoteView> {
  if (!Number.isSafeInteger(args.amount) || args.amount <= 0)
    throw new AppError("VALIDATION_FAILED", "A credit note is a positive amount in minor units.");
  const { actor, now } = args;
  const { creditNote, refundAttemptIds } = await moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    const invoice = await tx.invoice.findFirst({
      where: { id: args.invoiceId, organizationId: actor.organizationId },
    });
    if (!invoice) throw new AppError("NOT_FOUND", "No such invoice.");
    if (invoice.status !== "PAID")
      throw new AppError("CONFLICT", `A ${invoice.status} invoice cannot be credited.`);
    const credited = await tx.creditNote.aggregate({
      where: { invoiceId: invoice.id },
      _sum: { total: true },
    });
    const creditable = invoice.total - (credited._sum.total ?? 0);
    if (args.amount > creditable)
      throw new AppError(
        "CREDIT_EXCEEDS_INVOICE",
        `At most ${creditable} of this invoice can still be credited.`,
        { details: { creditable } },
      );
    const taxAmount =
      invoice.taxAmount > 0 && invoice.total > 0
        ? mulDivHalfUp(args.amount, invoice.taxAmount, invoice.total)
        : 0;
    const charges = args.refund ? await chargesThatPaid(tx, { invoiceId: invoice.id }) : [];
    const issued = await issueCreditNote(tx, {
      customerId: invoice.customerId,
      currency: invoice.currency,
      invoiceId: invoice.id,
      subscriptionId: invoice.subscriptionId,
      reason: args.reason,
      memo: args.memo?.trim() || null,
      lines: [
        { description: `Credit on invoice ${invoice.number}`, amount: args.amount - taxAmount },
      ],
      taxAmount,
      refund: args.refund ? { maxAmount: args.amount, charges } : null,
      now,
    });
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "credit_note.issued",
      targetType: "invoice",
      targetId: invoice.id,
      data: { creditNoteId: issued.creditNote.id, total: issued.creditNote.total },
      now,
    });
    return issued;
  });
  for (const id of refundAttemptIds) await sendRefund(deps, { refundAttemptId: id, now });
  return toCreditNoteView(creditNote);
}
