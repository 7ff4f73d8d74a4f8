import { randomBytes } from "node:crypto";

import type { Db } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { behaviorOf, cardBrand, cardFingerprint, luhnValid } from "./cards";

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  name?: string | undefined;
}

export interface CardToken {
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/**
 * The LOCAL gateway's card vault: checks Luhn, expiry and CVC, keeps brand, last4, expiry, a keyed
 * fingerprint and the test behaviour, and drops the number and CVC. Attaching is a separate step.
 */
export async function tokenizeCard(
  db: Db,
  args: {
    card: CardInput;
    /** The organization the token is for; only it can attach the card (null: unowned test fixtures). */
    organizationId: string | null;
    now: Date;
    fingerprintKey: string;
  },
): Promise<CardToken> {
  const digits = args.card.number.replace(/[\s-]/g, "");
  const issues: { path: string; message: string }[] = [];
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits))
    issues.push({ path: "number", message: "Your card number is invalid." });
  const { expMonth, expYear } = args.card;
  const year = args.now.getUTCFullYear();
  if (expYear < year || (expYear === year && expMonth < args.now.getUTCMonth() + 1)) {
    issues.push({ path: "expYear", message: "Your card has expired." });
  }
  const brand = cardBrand(digits);
  const cvcLength = brand === "amex" ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(args.card.cvc))
    issues.push({ path: "cvc", message: `Your card's security code must be ${cvcLength} digits.` });
  if (issues.length > 0)
    throw new AppError("VALIDATION_FAILED", "The card details are not valid.", {
      details: { issues },
    });

  const card = await db.localCard.create({
    data: {
      id: `pm_local_${randomBytes(12).toString("hex")}`,
      brand,
      last4: digits.slice(-4),
      expMonth,
      expYear,
      fingerprint: cardFingerprint(digits, args.fingerprintKey),
      behavior: behaviorOf(digits),
      cardholderName: args.card.name?.trim() || null,
      organizationId: args.organizationId,
      createdAt: args.now,
    },
  });
  return {
    paymentMethodId: card.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
  };
}
