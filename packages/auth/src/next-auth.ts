import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

import { consumeRateLimit, getDb, type Db } from "@salesos/db";
import { signInSchema } from "@salesos/validators";

import { defaultOrganizationId } from "./actor";
import {
  endAuthSession,
  isAuthSessionLive,
  SESSION_TTL_SECONDS,
  startAuthSession,
} from "./auth-sessions";
import { clientAddress } from "./client-address";
import { authEnv } from "./env";
import { authenticate } from "./users";

/** Shown by the sign-in page (next-auth passes a thrown error's message to the client). */
export const TOO_MANY_ATTEMPTS = "Too many sign-in attempts. Wait a minute and try again.";

/** Thrown in the jwt callback for an ended session: next-auth then clears the cookie. */
export const SESSION_ENDED = "This session has ended. Sign in again.";

/**
 * next-auth with the credentials provider and JWT sessions. The JWT carries the user id, the active
 * organization and the id of a server-side session row (`sid`, auth-sessions.ts); the role is read from
 * the membership and the row is checked on every request (see session.ts), so a changed or removed
 * membership, a sign-out or a password change takes effect at once.
 */
export function buildAuthOptions(opts: { db?: () => Db } = {}): NextAuthOptions {
  const db = opts.db ?? getDb;
  return {
    secret: authEnv().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_TTL_SECONDS },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const parsed = signInSchema.safeParse({
            email: credentials?.email,
            password: credentials?.password,
          });
          if (!parsed.success) return null;
          // Password guessing is slowed per address and per account, in the database (all instances).
          const headers = new Headers(
            Object.entries(req.headers ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
          );
          const perAccount = authEnv().RATE_LIMIT_AUTH_PER_MINUTE;
          const byAddress = await consumeRateLimit(
            db(),
            { bucket: "sign-in:address", limit: perAccount * 5, windowSeconds: 60 },
            clientAddress(headers),
          );
          const byEmail = await consumeRateLimit(
            db(),
            { bucket: "sign-in:email", limit: perAccount, windowSeconds: 60 },
            parsed.data.email,
          );
          if (!byAddress.allowed || !byEmail.allowed) throw new Error(TOO_MANY_ATTEMPTS);
          const user = await authenticate(db(), parsed.data);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        },
      }),
    ],
    events: {
      // The cookie is cleared by next-auth; the row is what makes every copy of it stop working.
      async signOut({ token }) {
        if (typeof token?.sid === "string") {
          await endAuthSession(db(), { sessionId: token.sid, reason: "SIGNED_OUT" });
        }
      },
    },
    callbacks: {
      async jwt({ token, user, trigger, session }) {
        if (user) {
          token.userId = user.id;
          token.organizationId = await defaultOrganizationId(db(), user.id);
          token.sid = await startAuthSession(db(), { userId: user.id });
          return token;
        }
        const live =
          typeof token.userId === "string" &&
          typeof token.sid === "string" &&
          (await isAuthSessionLive(db(), { sessionId: token.sid, userId: token.userId }));
        if (!live) throw new Error(SESSION_ENDED);
        // Switching organization: accepted only for an organization the user belongs to.
        if (trigger === "update" && typeof token.userId === "string") {
          const requested = (session as { organizationId?: unknown } | undefined)?.organizationId;
          if (typeof requested === "string") {
            const membership = await db().membership.findUnique({
              where: { userId_organizationId: { userId: token.userId, organizationId: requested } },
            });
            if (membership) token.organizationId = requested;
          }
        }
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          userId: typeof token.userId === "string" ? token.userId : null,
          organizationId: typeof token.organizationId === "string" ? token.organizationId : null,
        };
      },
    },
  };
}
