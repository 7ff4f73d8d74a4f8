import { hkdfSync, randomUUID } from "node:crypto";

import { errors as joseErrors, jwtVerify, SignJWT } from "jose";

import { fastRead, type ApiTokenSource, type Db } from "@salesos/db";
import { AppError, type CreateApiTokenInput, type Role } from "@salesos/validators";

import type { Actor } from "./actor";
import { authEnv } from "./env";

const ISSUER = "salesos-billing";
const AUDIENCE = "salesos-api";
/** Tokens from POST /v1/auth/token live one hour; settings-page tokens live as long as chosen. */
export const PASSWORD_GRANT_TTL_SECONDS = 60 * 60;

// A key of its own for API tokens, derived from AUTH_SECRET, so a next-auth session JWT can never be
// replayed as an API token or the other way round.
// Derived once per secret (HKDF on every request cost 1 % of a request's CPU under load).
let derivedKey: { secret: string; key: Uint8Array } | undefined;
function signingKey(): Uint8Array {
  const secret = authEnv().AUTH_SECRET;
  if (derivedKey?.secret !== secret)
    derivedKey = {
      secret,
      key: new Uint8Array(hkdfSync("sha256", secret, "salesos", "api-token-signing-key", 32)),
    };
  return derivedKey.key;
}

/** A token's record and its user, membership and organization, read in one statement. */
interface TokenIdentityRow {
  userId: string;
  organizationId: string | null;
  revokedAt: Date | null;
  expiresAt: Date;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  role: Role | null;
  organizationName: string | null;
}

export interface MintedToken {
  id: string;
  accessToken: string;
  expiresAt: Date;
}

export async function mintApiToken(
  db: Db,
  args: {
    userId: string;
    /** Null: a staff token, for a platform admin only (the /v1/admin routes). */
    organizationId: string | null;
    name: string;
    source: ApiTokenSource;
    ttlSeconds: number;
    now?: Date;
  },
): Promise<MintedToken> {
  let role: string | null = null;
  if (args.organizationId) {
    const membership = await db.membership.findUnique({
      where: {
        userId_organizationId: { userId: args.userId, organizationId: args.organizationId },
      },
      select: { role: true },
    });
    if (!membership) throw new AppError("NOT_FOUND", "Organization not found.");
    role = membership.role;
  } else {
    const user = await db.user.findUnique({
      where: { id: args.userId },
      select: { isPlatformAdmin: true },
    });
    if (!user?.isPlatformAdmin) throw new AppError("NOT_FOUND", "Organization not found.");
  }
  const now = args.now ?? new Date();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + args.ttlSeconds * 1000);
  await db.apiToken.create({
    data: {
      id,
      name: args.name,
      source: args.source,
      userId: args.userId,
      organizationId: args.organizationId,
      createdAt: now,
      expiresAt,
    },
  });
  const accessToken = await new SignJWT({ org: args.organizationId, role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(args.userId)
    .setJti(id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(signingKey());
  return { id, accessToken, expiresAt };
}

/** A settings-page token for the actor's active organization; only from a signed-in session. */
export function createApiToken(
  db: Db,
  args: { actor: Actor; input: CreateApiTokenInput; now?: Date },
): Promise<MintedToken> {
  if (!args.actor.organization) throw new AppError("FORBIDDEN", "Choose an organization first.");
  // Tokens come from a signed-in person only: a token could otherwise mint a longer-lived token that
  // outlives its own expiry and its revocation.
  if (args.actor.via !== "session")
    throw new AppError(
      "FORBIDDEN",
      "API tokens are created from a signed-in session (the settings page), not with another token.",
    );
  return mintApiToken(db, {
    userId: args.actor.user.id,
    organizationId: args.actor.organization.id,
    name: args.input.name,
    source: "SETTINGS",
    ttlSeconds: args.input.expiresInDays * 24 * 60 * 60,
    ...(args.now ? { now: args.now } : {}),
  });
}

/**
 * Verifies signature, issuer, audience and expiry, then that the jti is known and not revoked, then
 * the membership. Any failure is `null`: the caller answers 401 without saying which check failed.
 */
const TOKEN_IDENTITY_SQL = `
  SELECT t.user_id AS "userId", t.organization_id AS "organizationId", t.revoked_at AS "revokedAt",
         t.expires_at AS "expiresAt", u.email, u.name, u.is_platform_admin AS "isPlatformAdmin",
         m.role::text AS role, o.name AS "organizationName"
    FROM api_tokens t
    JOIN users u ON u.id = t.user_id
    LEFT JOIN memberships m ON m.user_id = t.user_id AND m.organization_id = t.organization_id
    LEFT JOIN organizations o ON o.id = t.organization_id
   WHERE t.id = $1`;

export async function verifyApiToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<Actor | null> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, signingKey(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["sub", "jti", "exp", "org"],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
  const org = payload.org;
  if ((typeof org !== "string" && org !== null) || !payload.sub || !payload.jti) return null;
  // Identity in one statement (a prepared one, without Prisma): the token, its user, the membership
  // and the organization.
  const [row] = await fastRead<TokenIdentityRow>(db, {
    name: "token_identity",
    text: TOKEN_IDENTITY_SQL,
    values: [payload.jti],
  });
  if (!row || row.revokedAt || new Date(row.expiresAt) <= now) return null;
  if (row.userId !== payload.sub || row.organizationId !== org) return null;
  // A membership that ended ends its tokens; a staff token ends when its user is no longer staff.
  if (org !== null && (!row.role || row.organizationName === null)) return null;
  if (org === null && !row.isPlatformAdmin) return null;
  return {
    user: {
      id: row.userId,
      email: row.email,
      name: row.name,
      isPlatformAdmin: row.isPlatformAdmin,
    },
    organization: org !== null ? { id: org, name: row.organizationName! } : null,
    role: org !== null ? row.role : null,
    via: "token",
    tokenId: payload.jti,
    sessionId: null,
  };
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The actor's own settings-page tokens in the active organization, newest first. */
export function listApiTokens(db: Db, args: { actor: Actor }): Promise<ApiTokenSummary[]> {
  if (!args.actor.organization) return Promise.resolve([]);
  return db.apiToken.findMany({
    where: {
      userId: args.actor.user.id,
      organizationId: args.actor.organization.id,
      source: "SETTINGS",
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, expiresAt: true, revokedAt: true },
  });
}

/** Revokes one of the actor's own tokens; someone else's token is NOT_FOUND, as if absent. */
export async function revokeApiToken(
  db: Db,
  args: { actor: Actor; tokenId: string; now?: Date },
): Promise<ApiTokenSummary> {
  const { count } = await db.apiToken.updateMany({
    where: { id: args.tokenId, userId: args.actor.user.id, revokedAt: null },
    data: { revokedAt: args.now ?? new Date() },
  });
  const token = await db.apiToken.findFirst({
    where: { id: args.tokenId, userId: args.actor.user.id },
    select: { id: true, name: true, createdAt: true, expiresAt: true, revokedAt: true },
  });
  if (!token || (count === 0 && !token.revokedAt))
    throw new AppError("NOT_FOUND", "Token not found.");
  return token;
}
