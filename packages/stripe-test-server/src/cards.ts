/** Stripe's test cards, and what each does (https://docs.stripe.com/testing). */
export type CardBehaviour =
  | "succeed"
  | "decline" // 0002: declined at attach and at confirm
  | "insufficient_funds" // 9995
  | "fail_after_attach" // 0341: attaches, every charge fails
  | "requires_action"; // 3220: 3-D Secure on-session; off-session answers authentication_required

const BEHAVIOUR: Record<string, CardBehaviour> = {
  "4000000000000002": "decline",
  "4000000000009995": "insufficient_funds",
  "4000000000000341": "fail_after_attach",
  "4000000000003220": "requires_action",
};

/** The `pm_card_*` shortcuts Stripe accepts in place of a payment method id. */
export const CARD_ALIASES: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_threeDSecure2Required: "4000000000003220",
  pm_card_authenticationRequired: "4000000000003220",
};

export function behaviourOf(number: string): CardBehaviour {
  return BEHAVIOUR[number] ?? "succeed";
}

export function brandOf(number: string): string {
  if (/^4/.test(number)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  if (/^6(011|5)/.test(number)) return "discover";
  return "unknown";
}

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
