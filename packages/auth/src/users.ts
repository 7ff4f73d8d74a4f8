import { hashPassword, isUniqueViolation, transaction, verifyPassword, type Db } from "@salesos/db";
import { AppError, type SignUpInput } from "@salesos/validators";

import { mintApiToken, PASSWORD_GRANT_TTL_SECONDS, type MintedToken } from "./tokens";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
}

// Compared against when the email is unknown, so a missing user costs the same time as a wrong password.
const DUMMY_HASH = "$2b$12$8n3/IN5JDUgiHXgDZhAjH.j/.bP7/LKo2kANvJnyL5b0YKqFmuzX6";

/** Email + password; null for any mismatch (callers answer one generic message). */
export async function authenticate(
  db: Db,
  args: { email: string; password: string },
): Promise<AuthenticatedUser | null> {
  const user = await db.user.findUnique({
    where: { email: args.email.trim().toLowerCase() },
    select: { id: true, email: true, name: true, passwordHash: true, isPlatformAdmin: true },
  });
  const ok = await verifyPassword(args.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin };
}

/** Creates the user, their organization and the OWNER membership in one transaction. */
export async function signUp(
  db: Db,
  args: { input: SignUpInput },
): Promise<{ user: AuthenticatedUser; organizationId: string }> {
  const { name, email, password, organizationName } = args.input;
  const passwordHash = await hashPassword(password);
  try {
    return await transaction(db, async (tx) => {
      const user = await tx.user.create({
        data: { name, email, passwordHash },
        select: { id: true, email: true, name: true, isPlatformAdmin: true },
      });
      const organization = await tx.organization.create({ data: { name: organizationName } });
      await tx.membership.create({
        data: { userId: user.id, organizationId: organization.id, role: "OWNER" },
      });
      return { user, organizationId: organization.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "EMAIL_TAKEN",
        "An account with this email already exists. Sign in instead.",
      );
    }
    throw error;
  }
}

const INVALID_CREDENTIALS = "Invalid email, password or organization.";

/**
 * POST /v1/auth/token: credentials in, a short-lived API token out. Every failure (unknown email, wrong
 * password, not a member of the named organization, no organization at all) is the same 401 — except that
 * SalesOS staff with no organization get a staff token (organization null), good for /v1/admin only.
 */
export async function passwordGrant(
  db: Db,
  args: { email: string; password: string; organizationId?: string | undefined; now?: Date },
): Promise<MintedToken> {
  const user = await authenticate(db, args);
  if (!user) throw new AppError("INVALID_CREDENTIALS", INVALID_CREDENTIALS);
  const membership = await db.membership.findFirst({
    where: {
      userId: user.id,
      ...(args.organizationId ? { organizationId: args.organizationId } : {}),
    },
    orderBy: { createdAt: "asc" },
    select: { organizationId: true },
  });
  // SalesOS staff without a membership get a staff token (the /v1/admin routes only).
  const staffOnly = !membership && !args.organizationId && user.isPlatformAdmin;
  if (!membership && !staffOnly) throw new AppError("INVALID_CREDENTIALS", INVALID_CREDENTIALS);
  return mintApiToken(db, {
    userId: user.id,
    organizationId: membership?.organizationId ?? null,
    name: "POST /v1/auth/token",
    source: "PASSWORD_GRANT",
    ttlSeconds: PASSWORD_GRANT_TTL_SECONDS,
    ...(args.now ? { now: args.now } : {}),
  });
}

export function listMemberships(db: Db, args: { userId: string }) {
  return db.membership.findMany({
    where: { userId: args.userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: { id: true, name: true } } },
  });
}
