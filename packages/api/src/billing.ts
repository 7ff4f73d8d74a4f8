import { timingSafeEqual } from "node:crypto";

import { authEnv } from "@salesos/auth";
import { createBillingDeps, type BillingActor, type BillingDeps } from "@salesos/billing";
import type { Db } from "@salesos/db";
import { mailConfig, stripeGatewayConfig, type Role } from "@salesos/validators";

import { apiEnv } from "./env";

const cache = new WeakMap<Db, BillingDeps>();

/** The billing engine's dependencies for this process (one per database client). */
export function billingDepsFor(db: Db): BillingDeps {
  let deps = cache.get(db);
  if (!deps) {
    const env = apiEnv();
    deps = createBillingDeps({
      db,
      appUrl: env.NEXTAUTH_URL,
      authSecret: authEnv().AUTH_SECRET,
      attemptLeaseMs: env.BILLING_ATTEMPT_LEASE_SECONDS * 1000,
      collectLeaseMs: env.BILLING_COLLECT_LEASE_SECONDS * 1000,
      crashAt: env.SALESOS_CRASH_AT,
      stripe: stripeGatewayConfig(env),
      mail: mailConfig(env),
    });
    cache.set(db, deps);
  }
  return deps;
}

export function billingActor(
  actor: { user: { id: string }; organization: { id: string }; role: Role },
  requestId: string,
): BillingActor {
  return {
    userId: actor.user.id,
    organizationId: actor.organization.id,
    role: actor.role,
    requestId,
  };
}

/** For the cron route: constant-time comparison of the bearer secret; false when no secret is configured. */
export function cronAuthorized(authorization: string | null): boolean {
  const secret = apiEnv().CRON_SECRET;
  if (!secret || !authorization?.startsWith("Bearer ")) return false;
  const given = Buffer.from(authorization.slice("Bearer ".length));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
