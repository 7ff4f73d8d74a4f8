import { createHmac } from "node:crypto";

import type { LocalCardBehavior } from "@salesos/db";

/** The test card numbers of domain.md, as in Stripe's test mode. Any other Luhn-valid number succeeds. */
export const TEST_CARDS: Record<string, LocalCardBehavior> = {
  "4242424242424242": "SUCCEED",
  "4000000000000002": "DECLINE",
  "4000000000009995": "INSUFFICIENT_FUNDS",
  "4000000000000341": "FAIL_AFTER_ATTACH",
  "4000000000003220": "REQUIRES_ACTION",
};

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return "visa";
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return "mastercard";
  if (/^3[47]/.test(digits)) return "amex";
  if (/^(6011|65|64[4-9])/.test(digits)) return "discover";
  return "unknown";
}

/** A keyed hash, so equal cards are recognized (duplicates) without keeping anything reversible. */
export function cardFingerprint(digits: string, key: string): string {
  return createHmac("sha256", key).update(`card:${digits}`).digest("base64url").slice(0, 16);
}

export function behaviorOf(digits: string): LocalCardBehavior {
  return TEST_CARDS[digits] ?? "SUCCEED";
}
