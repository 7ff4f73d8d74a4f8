/** The credits tests' shared ground: April 2026, a harness with German VAT, and the balance ledger. */
import { listBalanceTransactions, updateBillingCustomer } from "../../src";
import type { BillingActor } from "../../src/deps";
import { createHarness, type Harness } from "./harness";

// April 2026: 30 days, its middle, and an hour in.
export const start = new Date("2026-04-01T00:00:00Z");
export const anHourIn = new Date("2026-04-01T01:00:00Z");
export const half = new Date("2026-04-16T00:00:00Z");
export const mayFirst = new Date("2026-05-01T00:00:00Z");

/** A harness whose customers in DE pay 19 % VAT. */
export async function createCreditsHarness(): Promise<Harness> {
  const h = await createHarness();
  await h.db.taxRate.create({ data: { country: "DE", name: "USt", percentBps: 1900 } });
  return h;
}

export async function inGermany(h: Harness, actor: BillingActor) {
  await updateBillingCustomer(h.deps, {
    actor,
    update: {
      name: "Berlin GmbH",
      address: { line1: "Unter den Linden 1", city: "Berlin", country: "de" },
    },
    now: start,
  });
}

export function balanceOf(h: Harness, actor: BillingActor) {
  return listBalanceTransactions(h.deps, { actor });
}
