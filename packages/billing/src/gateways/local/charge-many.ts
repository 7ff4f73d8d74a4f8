import { fastRead, type Db, type LocalCard } from "@salesos/db";

import { insertRows } from "../../bulk/sql";
import { GatewayError, type ChargeInput, type ChargeAnswer } from "../port";
import { chargeDecision, localId, requiresActionResult, resultOf } from "./outcomes";

interface StoredCharge {
  id: string;
  idempotencyKey: string;
  succeeded: boolean;
  failureCode: string | null;
}

const STORED = `SELECT id, idempotency_key AS "idempotencyKey", succeeded, failure_code AS "failureCode"
                  FROM local_charges WHERE idempotency_key = ANY($1::text[])`;

async function storedCharges(db: Db, keys: string[]): Promise<Map<string, StoredCharge>> {
  if (keys.length === 0) return new Map();
  const rows = await fastRead<StoredCharge>(db, {
    name: "local_charges_by_keys",
    text: STORED,
    values: [keys],
  });
  return new Map(rows.map((row) => [row.idempotencyKey, row]));
}

/**
 * LocalGateway.charge for many keys in a few set-based statements: the keys already charged answer as
 * before; the others are decided by their card exactly as one by one, and recorded in one insert (a key
 * a concurrent call recorded first answers with that call's result, as the single charge does).
 */
export async function chargeManyLocal(db: Db, inputs: ChargeInput[]): Promise<ChargeAnswer[]> {
  const keys = [...new Set(inputs.map((i) => i.idempotencyKey))];
  const stored = await storedCharges(db, keys);
  const cardIds = [...new Set(inputs.map((i) => i.gatewayPaymentMethodId))];
  const cards = new Map(
    (
      await fastRead<Pick<LocalCard, "id" | "behavior" | "expMonth" | "expYear">>(db, {
        name: "local_cards_by_ids",
        text: `SELECT id, behavior, exp_month AS "expMonth", exp_year AS "expYear"
                 FROM local_cards WHERE id = ANY($1::text[])`,
        values: [cardIds],
      })
    ).map((card) => [card.id, card]),
  );
  const outcomes = new Map<string, ChargeAnswer>();
  const rows: Record<string, unknown>[] = [];
  const decided = new Set<string>(stored.keys());
  for (const input of inputs) {
    const key = input.idempotencyKey;
    if (decided.has(key)) continue;
    decided.add(key);
    const card = cards.get(input.gatewayPaymentMethodId);
    if (!card) {
      const error = new GatewayError(
        "payment_method_not_found",
        "This card token is unknown. Enter the card again.",
      );
      outcomes.set(key, { error });
      continue;
    }
    const decision = chargeDecision(card, input);
    if (decision.requiresAction) {
      outcomes.set(key, { result: requiresActionResult(key) });
      continue;
    }
    rows.push({
      id: localId("ch"),
      idempotency_key: key,
      card_id: card.id,
      amount: input.amount,
      currency: input.currency,
      succeeded: decision.declineCode === null,
      failure_code: decision.declineCode,
      description: input.description,
      created_at: input.now,
    });
  }
  // ON CONFLICT: a concurrent call with the same key won; the re-read below answers with its result.
  await insertRows(
    db,
    "local_charges",
    {
      id: "text",
      idempotency_key: "text",
      card_id: "text",
      amount: "int",
      currency: "text",
      succeeded: "boolean",
      failure_code: "text",
      description: "text",
      created_at: "timestamp(3)",
    },
    rows,
    { onConflictDoNothing: true },
  );
  const recorded = await storedCharges(
    db,
    rows.map((r) => r.idempotency_key as string),
  );
  // Every key decided here was either recorded now or by its concurrent twin: both are re-read.
  for (const [key, charge] of [...stored, ...recorded])
    outcomes.set(key, { result: resultOf(charge.id, charge.succeeded, charge.failureCode) });
  return inputs.map(
    (input) =>
      outcomes.get(input.idempotencyKey) ?? {
        error: new GatewayError("provider_error", "The charge was not recorded.", {
          retryable: true,
        }),
      },
  );
}
