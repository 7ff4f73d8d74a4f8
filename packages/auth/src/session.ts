import { decode } from "next-auth/jwt";

import type { Db } from "@salesos/db";

import { loadActor, type Actor } from "./actor";
import { isAuthSessionLive } from "./auth-sessions";
import { authEnv } from "./env";

// next-auth v4 names its cookie with a __Secure- prefix on https; large sessions are split in chunks.
const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function readCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    // Another site's cookie on our domain may not be valid percent-encoding: skip it, never fail.
    try {
      cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      continue;
    }
  }
  return cookies;
}

function sessionToken(cookies: Map<string, string>): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length) return chunks.join("");
  }
  return null;
}

/** The next-auth session JWT's claims we rely on (set in the jwt callback of next-auth.ts). */
export interface SessionClaims {
  userId: string;
  organizationId: string | null;
  /** The auth_sessions row that keeps this cookie alive. */
  sessionId: string;
}

export async function readSessionClaims(
  cookieHeader: string | null,
): Promise<SessionClaims | null> {
  const token = sessionToken(readCookies(cookieHeader));
  if (!token) return null;
  const claims = await decode({ token, secret: authEnv().AUTH_SECRET }).catch(() => null);
  // A cookie without a session id predates server-side sessions: it cannot be ended, so it is refused.
  if (!claims || typeof claims.userId !== "string" || typeof claims.sid !== "string") return null;
  const organizationId = typeof claims.organizationId === "string" ? claims.organizationId : null;
  return { userId: claims.userId, organizationId, sessionId: claims.sid };
}

/**
 * The actor behind a session cookie; null when absent, invalid, expired, ended server-side (sign-out,
 * password change) or no longer a member.
 */
export async function actorFromSessionCookie(
  db: Db,
  cookieHeader: string | null,
): Promise<Actor | null> {
  const claims = await readSessionClaims(cookieHeader);
  if (!claims) return null;
  const [live, actor] = await Promise.all([
    isAuthSessionLive(db, { sessionId: claims.sessionId, userId: claims.userId }),
    loadActor(db, {
      userId: claims.userId,
      organizationId: claims.organizationId,
      via: "session",
      tokenId: null,
      sessionId: claims.sessionId,
    }),
  ]);
  return live ? actor : null;
}
