/**
 * The batched billing clock does exactly what the one-by-one clock does. Two databases get the same
 * subscriptions (built through the use cases: monthly and yearly, seats, every kind of coupon, credit
 * balances, tax, trials, scheduled cancellations and downgrades, cards that decline or expire); one runs
 * the clock one subscription at a time, the other in batches of a random size; after every run both
 * hold the same invoices (numbers, lines, amounts), subscriptions, payments, attempts, ledger, notices
 * and audit rows.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { advanceBilling, type BillingActor } from "../../src";
import { clockSnapshot } from "./clock-snapshot";
import {
  buildSubscription,
  clockTimes,
  prepareCatalogue,
  subSpec,
  type SubSpec,
} from "./clock-scenarios";
import { createHarness, type Harness } from "./harness";

let oneByOne: Harness;
let batched: Harness;
beforeAll(async () => {
  [oneByOne, batched] = [await createHarness(), await createHarness()];
  for (const h of [oneByOne, batched]) await prepareCatalogue(h);
});
afterAll(async () => {
  await oneByOne.database.close();
  await batched.database.close();
});

// CLOCK_EQUIVALENCE_RUNS=20 for a longer search; a few random histories on every test run.
const RUNS = Number(process.env.CLOCK_EQUIVALENCE_RUNS ?? 2);

const base: Omit<SubSpec, "plan"> & { plan: SubSpec["plan"] } = {
  plan: "starter",
  cycle: "monthly",
  quantity: 1,
  coupon: null,
  trial: false,
  tax: false,
  credit: 0,
  cancelAtEnd: false,
  downgrade: false,
  card: "ok",
};

/** Every case at least once, whatever the random runs draw. */
const EVERY_CASE: SubSpec[] = [
  base,
  { ...base, plan: "professional", quantity: 3, coupon: "PROONLY", tax: true, downgrade: true },
  { ...base, coupon: "REP2", card: "failLater" },
  { ...base, plan: "enterprise", trial: true, coupon: "FLAT500", tax: true },
  { ...base, coupon: "FREE100" },
  {
    ...base,
    plan: "professional",
    cycle: "yearly",
    quantity: 2,
    coupon: "FOREVER10",
    credit: 60_000,
  },
  { ...base, credit: 4_000, coupon: "ONCE20" },
  { ...base, cancelAtEnd: true },
  { ...base, plan: "professional", card: "expiring", tax: true },
  { ...base, trial: true, cancelAtEnd: true },
  { ...base, plan: "enterprise", cycle: "yearly", downgrade: true, card: "failLater" },
];

let history = 0;

async function compareHistories(specs: SubSpec[], batchSize: number): Promise<void> {
  // Each history in its own years; the previous one's subscriptions are all over by then.
  const start = new Date(Date.UTC(2030 + 2 * history++, 0, 15, 10));
  const orgs = new Map<Harness, string[]>();
  for (const h of [oneByOne, batched]) {
    const actors: BillingActor[] = [];
    for (const [i, spec] of specs.entries())
      actors.push(await buildSubscription(h, spec, `Clock Org ${history}-${i}`, start));
    orgs.set(
      h,
      actors.map((a) => a.organizationId),
    );
  }
  for (const now of clockTimes(start)) {
    const { reconciled: _a, ...one } = await advanceBilling(oneByOne.deps, { now, oneByOne: true });
    const { reconciled: _b, ...many } = await advanceBilling(batched.deps, { now, batchSize });
    expect(many, `summary at ${now.toISOString()}`).toEqual(one);
    const expected = await clockSnapshot(oneByOne.db, orgs.get(oneByOne)!);
    const actual = await clockSnapshot(batched.db, orgs.get(batched)!);
    for (const key of Object.keys(expected) as (keyof typeof expected)[])
      expect(actual[key], `${key} at ${now.toISOString()}`).toEqual(expected[key]);
  }
  // Done: nothing of this history is due in the next one.
  for (const h of [oneByOne, batched])
    await h.db.subscription.updateMany({
      where: { organizationId: { in: orgs.get(h) } },
      data: { status: "CANCELED", nextPaymentAttemptAt: null },
    });
}

describe(`the batched clock against the one-by-one clock (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it("the same invoices, subscriptions, payments, notices and audit rows after every run (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(subSpec, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        compareHistories,
      ),
      { numRuns: RUNS, examples: [[EVERY_CASE, 3]], endOnFailure: true },
    );
  }, 600_000);
});
