import type { Db } from "@salesos/db";
import type { Role } from "@salesos/validators";

/** Who is calling: resolved once per request from the session cookie or a Bearer token. */
export interface Actor {
  user: { id: string; email: string; name: string; isPlatformAdmin: boolean };
  /** The active organization; null for a user with no membership (e.g. platform staff). */
  organization: { id: string; name: string } | null;
  role: Role | null;
  via: "session" | "token";
  /** The API token's jti when `via` is "token". */
  tokenId: string | null;
  /** The browser session's id (auth_sessions) when `via` is "session". */
  sessionId: string | null;
}

/**
 * Loads the user and, when given, their membership of `organizationId`. Returns null when the user is
 * gone or is no longer a member: a removed member loses access at once, whatever their token says.
 */
export async function loadActor(
  db: Db,
  args: {
    userId: string;
    organizationId: string | null;
    via: Actor["via"];
    tokenId: string | null;
    sessionId?: string | null;
  },
): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: args.userId },
    select: {
      id: true,
      email: true,
      name: true,
      isPlatformAdmin: true,
      // No organization asked for: an empty filter value matches no membership.
      memberships: {
        where: { organizationId: args.organizationId ?? "" },
        select: { role: true, organization: { select: { id: true, name: true } } },
      },
    },
  });
  if (!user) return null;
  const { memberships, ...profile } = user;
  const membership = memberships[0];
  if (args.organizationId && !membership) return null;
  return {
    user: profile,
    organization: membership?.organization ?? null,
    role: membership?.role ?? null,
    via: args.via,
    tokenId: args.tokenId,
    sessionId: args.sessionId ?? null,
  };
}

/** The organization a session starts in: the user's oldest membership. */
export async function defaultOrganizationId(db: Db, userId: string): Promise<string | null> {
  const membership = await db.membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { organizationId: true },
  });
  return membership?.organizationId ?? null;
}
