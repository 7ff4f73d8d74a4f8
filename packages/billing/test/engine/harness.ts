import { seedDemoData, type Db } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import {
  completeCheckout,
  LocalGateway,
  startCheckout,
  tokenizeCard,
  type BillingActor,
  type BillingDeps,
} from "../../src";
import type { PaymentGateway } from "../../src/gateways/port";

export const CARDS = {
  ok: "4242424242424242",
  decline: "4000000000000002",
  insufficient: "4000000000009995",
  failLater: "4000000000000341",
  threeDS: "4000000000003220",
  mastercard: "5555555555554444",
} as const;

export interface Harness {
  database: TestDatabase;
  db: Db;
  deps: BillingDeps;
  plan(slug: string): Promise<{ id: string }>;
  newOrganization(name: string): Promise<BillingActor>;
  /** A LOCAL token; owned by `organizationId` when given (unowned fixtures attach anywhere). */
  card(number: string, now: Date, organizationId?: string | null): Promise<string>;
  subscribe(
    actor: BillingActor,
    opts: {
      plan: string;
      cycle?: "monthly" | "yearly";
      card?: string;
      couponCode?: string;
      quantity?: number;
      now: Date;
    },
  ): Promise<string>;
}

/** A fresh database with the demo catalogue, and the LOCAL gateway on it. */
/** `gateway`: the STRIPE adapter instead of LOCAL (tests pass one pointed at the Stripe test server). */
export async function createHarness(
  opts: { gateway?: (db: Db) => PaymentGateway } = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  const db = database.db;
  await seedDemoData(db);
  const deps: BillingDeps = {
    db,
    gateway: opts.gateway?.(db) ?? new LocalGateway({ db, appUrl: "http://localhost:3000" }),
    appUrl: "http://localhost:3000",
    fingerprintKey: "test-fingerprint-key",
  };
  let orgCount = 0;
  const harness: Harness = {
    database,
    db,
    deps,
    plan: (slug) => db.plan.findUniqueOrThrow({ where: { slug }, select: { id: true } }),
    async newOrganization(name) {
      orgCount++;
      const user = await db.user.create({
        data: {
          email: `owner${orgCount}-${Date.now()}@${name.toLowerCase().replace(/\W/g, "")}.test`,
          name: `${name} Owner`,
          passwordHash: "x",
        },
      });
      const org = await db.organization.create({ data: { name } });
      await db.membership.create({
        data: { userId: user.id, organizationId: org.id, role: "OWNER" },
      });
      return { userId: user.id, organizationId: org.id, role: "OWNER" };
    },
    async card(number, now, organizationId = null) {
      const token = await tokenizeCard(db, {
        card: { number, expMonth: 12, expYear: now.getUTCFullYear() + 3, cvc: "123" },
        organizationId,
        now,
        fingerprintKey: deps.fingerprintKey,
      });
      return token.paymentMethodId;
    },
    async subscribe(actor, opts) {
      const plan = await harness.plan(opts.plan);
      const session = await startCheckout(deps, {
        actor,
        input: {
          licenseTypeId: plan.id,
          billingCycle: opts.cycle ?? "monthly",
          couponCode: opts.couponCode,
          quantity: opts.quantity,
        },
        now: opts.now,
      });
      const outcome = await completeCheckout(deps, {
        actor,
        sessionId: session.sessionId,
        paymentMethodId: await harness.card(opts.card ?? CARDS.ok, opts.now, actor.organizationId),
        now: opts.now,
      });
      if (outcome.status !== "complete") throw new Error("checkout did not complete");
      return outcome.subscriptionId;
    },
  };
  return harness;
}
