import type { LocalCard } from "@salesos/db";

import { randomHex } from "../../bulk/ids";
import type { ChargeInput, ChargeResult } from "../port";

export function localId(prefix: string): string {
  return `${prefix}_local_${randomHex(12)}`;
}

export function isExpired(card: Pick<LocalCard, "expMonth" | "expYear">, now: Date): boolean {
  const year = now.getUTCFullYear();
  return card.expYear < year || (card.expYear === year && card.expMonth < now.getUTCMonth() + 1);
}

export const DECLINES = {
  DECLINE: { declineCode: "card_declined", message: "Your card was declined." },
  INSUFFICIENT_FUNDS: {
    declineCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
  FAIL_AFTER_ATTACH: { declineCode: "card_declined", message: "Your card was declined." },
  EXPIRED: { declineCode: "expired_card", message: "Your card has expired." },
} as const;

/**
 * What a new charge on this card does, as Stripe's test mode would: the confirmation step for card
 * 3220 with the customer present (nothing recorded yet), or a charge that succeeds or is declined.
 */
export function chargeDecision(
  card: Pick<LocalCard, "behavior" | "expMonth" | "expYear">,
  input: Pick<ChargeInput, "onSession" | "confirmed" | "now">,
): { requiresAction: true } | { requiresAction: false; declineCode: string | null } {
  if (card.behavior === "REQUIRES_ACTION" && input.onSession && !input.confirmed)
    return { requiresAction: true };
  const decline = isExpired(card, input.now)
    ? DECLINES.EXPIRED
    : card.behavior in DECLINES
      ? DECLINES[card.behavior as keyof typeof DECLINES]
      : null;
  return { requiresAction: false, declineCode: decline?.declineCode ?? null };
}

/** The answer for a charge in the ledger (a key seen before answers the same). */
export function resultOf(id: string, succeeded: boolean, failureCode: string | null): ChargeResult {
  if (succeeded) return { status: "succeeded", gatewayPaymentId: id };
  const decline =
    Object.values(DECLINES).find((d) => d.declineCode === failureCode) ?? DECLINES.DECLINE;
  return {
    status: "failed",
    gatewayPaymentId: id,
    failureCode: "card_declined",
    declineCode: decline.declineCode,
    message: decline.message,
  };
}

/** The answer for a card 3220 waiting for the customer's confirmation. */
export function requiresActionResult(key: string): ChargeResult {
  return { status: "requires_action", gatewayPaymentId: `pi_local_${key}` };
}
