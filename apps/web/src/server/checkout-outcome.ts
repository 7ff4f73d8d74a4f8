import "server-only";

import { TRPCError } from "@trpc/server";

import { createCaller, createContextForActor } from "@salesos/api";
import type { Actor } from "@salesos/auth";
import type { CheckoutResultView } from "@salesos/billing";
import { getDb } from "@salesos/db";

export type CheckoutOutcome =
  | { kind: "receipt"; result: CheckoutResultView }
  /** Stripe's page came back without a payment (still open, expired, or failed). */
  | { kind: "not-paid"; status: "open" | "expired" | "failed"; message: string | null }
  /** The gateway could not be asked just now: nothing is claimed either way. */
  | { kind: "unconfirmed"; message: string }
  /** No complete session of this organization: the page sends the visitor to /billing. */
  | { kind: "none" };

/** Answers that mean "not yours, not a session, not for you": the visitor learns nothing. */
const NOTHING_HERE = new Set(["NOT_FOUND", "FORBIDDEN", "BAD_REQUEST", "UNAUTHORIZED"]);

/**
 * The success page's facts, decided on the server through the app's own procedures (same rules as
 * every call: the caller's organization, OWNER/ADMIN). A Stripe session id (`cs_…`) is synced first,
 * exactly as the webhook would, so the page never depends on the webhook's arrival; our own id (LOCAL
 * hosted page, free plan) is only read.
 */
export async function checkoutOutcome(actor: Actor, raw: unknown): Promise<CheckoutOutcome> {
  const sessionId = typeof raw === "string" && /^[\w-]{1,255}$/.test(raw) ? raw : null;
  if (!sessionId || !actor.organization) return { kind: "none" };
  const caller = createCaller(createContextForActor({ db: getDb(), actor }));
  try {
    if (sessionId.startsWith("cs_")) {
      const synced = await caller.payments.checkout.sync({ gatewaySessionId: sessionId });
      if (synced.status !== "complete")
        return {
          kind: "not-paid",
          status: synced.status,
          message: synced.status === "failed" ? synced.message : null,
        };
    }
    const result = await caller.payments.checkout.result({ sessionId });
    return result ? { kind: "receipt", result } : { kind: "none" };
  } catch (error) {
    if (error instanceof TRPCError && NOTHING_HERE.has(error.code)) return { kind: "none" };
    // A gateway's own failure has a plain message of ours; anything else is not shown as it is.
    const plain = error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR";
    return {
      kind: "unconfirmed",
      message: plain ? error.message : "The payment could not be confirmed just now.",
    };
  }
}
