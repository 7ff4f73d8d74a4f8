import type { CreditNoteReason } from "@salesos/db";

/** How a credit note's reason reads on a document. */
export const CREDIT_NOTE_REASONS: Record<CreditNoteReason, string> = {
  PRORATION: "Plan change",
  CANCELLATION: "Cancellation",
  DUPLICATE: "Duplicate charge",
  FRAUDULENT: "Fraudulent charge",
  ORDER_CHANGE: "Order change",
  PRODUCT_UNSATISFACTORY: "Product unsatisfactory",
  GOODWILL: "Goodwill credit",
};
