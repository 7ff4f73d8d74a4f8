import type { AttemptPurpose, PaymentAttempt, Prisma } from "@salesos/db";

import type { Tx } from "../deps";
import type { GatewayName } from "../gateways/port";

export interface FinalizeContext {
  gateway: GatewayName;
  now: Date;
}

export interface ChargeFailure {
  code: string;
  message: string;
}

/**
 * What a succeeded (or failed) charge of one purpose does to our records. Runs inside the finalizing
 * transaction, the organization locked, so it sees every earlier effect committed.
 */
export interface AttemptFinalizer {
  /**
   * Applies the paid effect. Throws an AppError when it no longer applies (a twin won, the invoice was
   * paid, the coupon ran out): what it wrote is rolled back and the money goes back.
   */
  applySuccess(tx: Tx, attempt: PaymentAttempt, ctx: FinalizeContext): Promise<void>;
  /** Records a decline (a failed payment row, dunning, a notice). */
  applyFailure?(
    tx: Tx,
    attempt: PaymentAttempt,
    failure: ChargeFailure,
    ctx: FinalizeContext,
  ): Promise<void>;
  /** The customer must confirm with the bank before the charge can go through. */
  applyRequiresAction?(tx: Tx, attempt: PaymentAttempt, ctx: FinalizeContext): Promise<void>;
}

export type FinalizerRegistry = Record<Exclude<AttemptPurpose, "REFUND">, AttemptFinalizer>;

export type AttemptPayload = Prisma.InputJsonObject;
