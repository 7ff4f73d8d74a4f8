import {
  consumeRateLimit,
  hashPassword,
  transaction,
  verifyPassword,
  type Db,
  type Tx,
} from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { Actor } from "./actor";
import { endUserSessions } from "./auth-sessions";

/** Guesses of the current password through this form are slowed like sign-in's, per user. */
const ATTEMPTS_PER_MINUTE = 5;

/**
 * Changes the signed-in user's password. Whoever knew the old one is shut out at once: every other
 * browser session ends, and the one-hour tokens of `POST /v1/auth/token` (minted with the old password)
 * are revoked. Settings-page tokens stay: they were created deliberately, are listed and revocable.
 */
export async function changePassword(
  db: Db,
  args: { actor: Actor; currentPassword: string; newPassword: string; now?: Date },
): Promise<{ endedSessions: number; revokedTokens: number }> {
  // Like token creation: only the person at the keyboard, never a token acting for them.
  if (args.actor.via !== "session")
    throw new AppError(
      "FORBIDDEN",
      "Passwords are changed from a signed-in session, not with a token.",
    );
  const now = args.now ?? new Date();
  const userId = args.actor.user.id;
  const limit = await consumeRateLimit(
    db,
    { bucket: "password-change:user", limit: ATTEMPTS_PER_MINUTE, windowSeconds: 60 },
    userId,
    now,
  );
  if (!limit.allowed) {
    throw new AppError("RATE_LIMITED", "Too many attempts. Wait a minute and try again.", {
      details: { retryAfterSeconds: limit.retryAfterSeconds },
    });
  }
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true },
  });
  if (!(await verifyPassword(args.currentPassword, user.passwordHash))) {
    // A 400 on the field, not a 401: the caller is signed in, only the form's field is wrong.
    throw new AppError("VALIDATION_FAILED", "The current password is not right.", {
      details: {
        issues: [{ path: "currentPassword", message: "The current password is not right." }],
      },
    });
  }
  const passwordHash = await hashPassword(args.newPassword);
  return transaction(db, (tx) =>
    replacePassword(tx, {
      userId,
      passwordHash,
      reason: "PASSWORD_CHANGED",
      exceptSessionId: args.actor.sessionId,
      now,
    }),
  );
}

/**
 * The new password takes over, and whoever knew the old one is shut out: the user's browser sessions
 * end (but `exceptSessionId`, the one that asked, if any) and the one-hour tokens minted with the old
 * password are revoked. Shared by the change on Settings and the reset by mail.
 */
export async function replacePassword(
  tx: Tx,
  args: {
    userId: string;
    passwordHash: string;
    reason: "PASSWORD_CHANGED" | "PASSWORD_RESET";
    exceptSessionId?: string | null;
    now: Date;
  },
): Promise<{ endedSessions: number; revokedTokens: number }> {
  const { userId, now } = args;
  await tx.user.update({ where: { id: userId }, data: { passwordHash: args.passwordHash } });
  const endedSessions = await endUserSessions(tx, {
    userId,
    reason: args.reason,
    exceptSessionId: args.exceptSessionId ?? null,
    now,
  });
  const { count: revokedTokens } = await tx.apiToken.updateMany({
    where: { userId, source: "PASSWORD_GRANT", revokedAt: null },
    data: { revokedAt: now },
  });
  return { endedSessions, revokedTokens };
}
