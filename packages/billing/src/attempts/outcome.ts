import type { PaymentAttempt } from "@salesos/db";
import { AppError, ERROR_CODES, type ErrorCode } from "@salesos/validators";

/**
 * The API error for a charge attempt that did not end in an applied payment: a decline (402), a success
 * whose effect no longer applied and was refunded (that effect's own error), or an outcome not known yet.
 */
export function attemptOutcomeError(attempt: PaymentAttempt): AppError {
  if (attempt.status === "FAILED")
    return new AppError("PAYMENT_FAILED", attempt.failureMessage ?? "The payment failed.", {
      details: { declineCode: attempt.failureCode ?? "card_declined" },
    });
  if (attempt.status === "SUCCEEDED" && attempt.effect === "REFUNDED") {
    const code = (ERROR_CODES as readonly string[]).includes(attempt.failureCode ?? "")
      ? (attempt.failureCode as ErrorCode)
      : "CONFLICT";
    return new AppError(
      code,
      `${attempt.failureMessage ?? "This payment could not be applied."} The charge was refunded.`,
      { details: { refunded: true } },
    );
  }
  return new AppError(
    "PAYMENT_IN_PROGRESS",
    "The payment provider has not confirmed this payment yet. It will be settled shortly; look again in a minute.",
    { details: { attemptId: attempt.id } },
  );
}

/**
 * The bank asks the customer to confirm (3-D Secure): 402 with where to do it. Back from the bank's
 * page, billing/confirm settles the attempt (settleConfirmedPayment).
 */
export function confirmationError(attempt: PaymentAttempt): AppError {
  const confirmUrl = (attempt.payload as { confirmUrl?: string }).confirmUrl ?? null;
  return new AppError(
    "PAYMENT_FAILED",
    confirmUrl
      ? "Your bank asks you to confirm this payment."
      : "Your bank asks for a confirmation this payment cannot do here.",
    { details: { declineCode: "authentication_required", confirmUrl, attemptId: attempt.id } },
  );
}
