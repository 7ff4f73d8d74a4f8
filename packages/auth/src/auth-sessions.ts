import { randomBytes } from "node:crypto";

import type { Db, Prisma } from "@salesos/db";

/**
 * Browser sessions that end server-side. next-auth's JWT cookie is self-contained: on its own it stays
 * valid for its whole lifetime whatever happens (sign-out only asks the browser to forget it). So the JWT
 * carries the id of a row here (`sid`), every request checks that row, and ending the row ends the
 * session at once — for every copy of the cookie.
 */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

export type SessionEndReason = "SIGNED_OUT" | "PASSWORD_CHANGED" | "PASSWORD_RESET";

export async function startAuthSession(
  db: Db,
  args: { userId: string; now?: Date; ttlSeconds?: number },
): Promise<string> {
  const now = args.now ?? new Date();
  const id = `ses_${randomBytes(18).toString("base64url")}`;
  const ttl = args.ttlSeconds ?? SESSION_TTL_SECONDS;
  await db.authSession.create({
    data: {
      id,
      userId: args.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttl * 1000),
    },
  });
  return id;
}

/** True while the session is neither ended nor expired, and belongs to `userId`. */
export async function isAuthSessionLive(
  db: Db,
  args: { sessionId: string; userId: string; now?: Date },
): Promise<boolean> {
  const row = await db.authSession.findUnique({
    where: { id: args.sessionId },
    select: { userId: true, expiresAt: true, endedAt: true },
  });
  const now = args.now ?? new Date();
  return !!row && row.userId === args.userId && !row.endedAt && row.expiresAt > now;
}

export async function endAuthSession(
  db: Db,
  args: { sessionId: string; reason: SessionEndReason; now?: Date },
): Promise<void> {
  await db.authSession.updateMany({
    where: { id: args.sessionId, endedAt: null },
    data: { endedAt: args.now ?? new Date(), endedReason: args.reason },
  });
}

/** Ends every live session of a user but `exceptSessionId` (the one that asked, if any). */
export async function endUserSessions(
  db: Db | Prisma.TransactionClient,
  args: { userId: string; reason: SessionEndReason; exceptSessionId?: string | null; now?: Date },
): Promise<number> {
  const { count } = await db.authSession.updateMany({
    where: {
      userId: args.userId,
      endedAt: null,
      ...(args.exceptSessionId ? { id: { not: args.exceptSessionId } } : {}),
    },
    data: { endedAt: args.now ?? new Date(), endedReason: args.reason },
  });
  return count;
}
