import { hkdfSync, randomUUID } from "node:crypto";

import { errors as joseErrors, jwtVerify, SignJWT } from "jose";

import type { ApiTokenSource, Db } from "@salesos/db";
import { AppError, type CreateApiTokenInput } from "@salesos/validators";

import { loadActor, type Actor } from "./actor";
import { authEnv } from "./env";

const ISSUER = "salesos-billing";
const AUDIENCE = "salesos-api";
/** Tokens from POST /v1/auth/token live one hour; settings-page tokens live as long as chosen. */
export const PASSWORD_GRANT_TTL_SECONDS = 60 * 60;

// A key of its own for API tokens, derived from AUTH_SECRET, so a next-auth session JWT can never be
// replayed as an API token or the other way round.
function signingKey(): Uint8Array {
  const derived = hkdfSync("sha256", authEnv().AUTH_SECRET, "salesos", "api-token-signing-key", 32);
  return new Uint8Array(derived);
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

/** A settings-page token for the actor's active organization. */
export function createApiToken(
  db: Db,
  args: { actor: Actor; input: CreateApiTokenInput; now?: Date },
): Promise<MintedToken> {
  if (!args.actor.organization) throw new AppError("FORBIDDEN", "Choose an organization first.");
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
  const record = await db.apiToken.findUnique({ where: { id: payload.jti } });
  if (!record || record.revokedAt || record.expiresAt <= now) return null;
  if (record.userId !== payload.sub || record.organizationId !== org) return null;
  const actor = await loadActor(db, {
    userId: payload.sub,
    organizationId: org,
    via: "token",
    tokenId: record.id,
  });
  // A staff token is worth nothing once its user is no longer staff.
  if (org === null && !actor?.user.isPlatformAdmin) return null;
  return actor;
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
