/**
 * The LOCAL gateway's bulk charge answers exactly as its single charge does, charge by charge: the
 * outcome of each test card, an expired card, an unknown card (that charge's own error), a key already
 * charged (the first answer, nothing charged again), and the confirmation step for a customer present.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GatewayError, LocalGateway, type ChargeResult } from "../../src";
import type { ChargeInput } from "../../src/gateways/port";
import { CARDS, createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const now = new Date("2026-05-10T12:00:00Z");

/** An answer without the gateway's own ids, which differ between two ledgers. */
function shape(answer: { result: ChargeResult } | { error: unknown }) {
  if ("error" in answer)
    return answer.error instanceof GatewayError ? { error: answer.error.code } : { error: "other" };
  const { gatewayPaymentId, ...rest } = answer.result;
  return { ...rest, paid: gatewayPaymentId.startsWith("ch_local_") };
}

describe("LocalGateway.chargeMany", () => {
  it("answers each charge as charge() would, in order, and charges a key once", async () => {
    const gateway = new LocalGateway({ db: h.db, appUrl: h.deps.appUrl });
    const expired = await h.db.localCard.create({
      data: {
        id: "pm_local_expired_card_000000",
        brand: "visa",
        last4: "0000",
        expMonth: 1,
        expYear: 2026,
        fingerprint: "fp_expired",
        behavior: "SUCCEED",
        createdAt: now,
      },
    });
    const cards = [
      ...(await Promise.all(Object.values(CARDS).map((number) => h.card(number, now)))),
      expired.id,
      "pm_local_unknown",
    ];
    const inputs = (prefix: string, onSession: boolean): ChargeInput[] =>
      cards.map((card, i) => ({
        gatewayCustomerId: null,
        gatewayPaymentMethodId: card,
        amount: 1000 + i,
        currency: "usd",
        description: `charge ${i}`,
        idempotencyKey: `${prefix}_${onSession}_${i}`,
        onSession,
        now,
      }));
    for (const onSession of [false, true]) {
      const one: ReturnType<typeof shape>[] = [];
      for (const input of inputs("single", onSession))
        one.push(
          shape(
            await gateway.charge(input).then(
              (result) => ({ result }),
              (error: unknown) => ({ error }),
            ),
          ),
        );
      const many = await gateway.chargeMany(inputs("bulk", onSession));
      expect(many.map(shape)).toEqual(one);
      // The same keys again: the first answers (same charge ids), no new ledger row.
      const rows = await h.db.localCharge.count();
      const again = await gateway.chargeMany(inputs("bulk", onSession));
      expect(again).toEqual(many);
      expect(await h.db.localCharge.count()).toBe(rows);
    }
    // Sanity: the cards do differ (success, declines, expiry, unknown, confirmation).
    const answers = (await gateway.chargeMany(inputs("check", true))).map(shape);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBeGreaterThanOrEqual(5);
  });
});
