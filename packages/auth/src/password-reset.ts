import { createHash, randomBytes } from "node:crypto";

import { hashPassword, transaction, type Db } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { replacePassword } from "./password-change";

/** A mailed reset link works once, within this time. */
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/** Only this is stored: a database reader cannot turn a row back into a working link. */
function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface PasswordResetGrant {
  /** The row's id: the mail's Message-ID is derived from it. */
  tokenId: string;
  email: string;
  /** The secret for the link; never stored. */
  token: string;
  expiresAt: Date;
}

/**
 * "Forgot password?": a single-use token for the account with this e-mail, or null when there is no
 * such account. The caller answers the same either way (no account enumeration) and mails the link.
 * An earlier unused link stays valid until it expires or one of them is used.
 */
export async function createPasswordReset(
  db: Db,
  args: { email: string; now: Date },
): Promise<PasswordResetGrant | null> {
  const user = await db.user.findUnique({
    where: { email: args.email.toLowerCase() },
    select: { id: true, email: true },
  });
  if (!user) return null;
  const token = `prt_${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(args.now.getTime() + RESET_TOKEN_TTL_MS);
  const row = await db.passwordResetToken.create({
    data: { userId: user.id, tokenHash: tokenHash(token), createdAt: args.now, expiresAt },
    select: { id: true },
  });
  return { tokenId: row.id, email: user.email, token, expiresAt };
}

const INVALID = "This reset link is invalid, used or expired. Ask for a new one.";

function invalidLink(): AppError {
  return new AppError("VALIDATION_FAILED", INVALID, {
    details: { issues: [{ path: "token", message: INVALID }] },
  });
}

/**
 * Sets a new password with a mailed token: the token is used up (and every other unused one of the
 * user with it), the password replaced, every browser session ended and the password-grant API tokens
 * revoked, in one transaction. The row is locked, so two submissions of one link set one password.
 * A wrong, used or expired token is the same 400.
 */
export async function resetPassword(
  db: Db,
  args: { token: string; newPassword: string; now: Date },
): Promise<{ userId: string; endedSessions: number; revokedTokens: number }> {
  const hash = tokenHash(args.token);
  // Checked before the (deliberately slow) bcrypt, so a wrong token costs the server nothing.
  const found = await db.passwordResetToken.findUnique({ where: { tokenHash: hash } });
  if (!found || found.usedAt || found.expiresAt <= args.now) throw invalidLink();
  const passwordHash = await hashPassword(args.newPassword);
  return transaction(db, async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; user_id: string; used_at: Date | null }[]>`
      SELECT id, user_id, used_at FROM password_reset_tokens
       WHERE token_hash = ${hash} AND expires_at > ${args.now} FOR UPDATE`;
    const row = rows[0];
    if (!row || row.used_at) throw invalidLink();
    await tx.passwordResetToken.updateMany({
      where: { userId: row.user_id, usedAt: null },
      data: { usedAt: args.now },
    });
    const ended = await replacePassword(tx, {
      userId: row.user_id,
      passwordHash,
      reason: "PASSWORD_RESET",
      now: args.now,
    });
    return { userId: row.user_id, ...ended };
  });
}
