import { transaction } from "@salesos/db";
import { notify } from "../audit";
import type { BillingDeps } from "../deps";

/** Customers hear about a trial's end this long before it (and once per trial). */
export const TRIAL_NOTICE_MS = 3 * 86_400_000;

/**
 * Sends the "trial ending" notice for every trial that ends within three days. The claim (set the
 * timestamp where it is still null) and the outbox row share one transaction, so a notice goes out once
 * even with several clocks running. `only`: among these subscriptions alone (a queue batch).
 */
export async function noticeTrialsEnding(
  deps: BillingDeps,
  now: Date,
  only?: readonly string[],
): Promise<number> {
  const due = await deps.db.subscription.findMany({
    where: {
      ...(only ? { id: { in: [...only] } } : {}),
      status: "TRIALING",
      cancelAtPeriodEnd: false,
      trialEndingNotifiedAt: null,
      trialEnd: { lte: new Date(now.getTime() + TRIAL_NOTICE_MS) },
    },
    select: { id: true, organizationId: true, trialEnd: true },
  });
  let sent = 0;
  for (const sub of due) {
    const claimed = await transaction(deps.db, async (tx) => {
      const { count } = await tx.subscription.updateMany({
        where: { id: sub.id, trialEndingNotifiedAt: null },
        data: { trialEndingNotifiedAt: now },
      });
      if (count === 1)
        await notify(tx, {
          organizationId: sub.organizationId,
          kind: "TRIAL_ENDING",
          data: { subscriptionId: sub.id, trialEnd: sub.trialEnd?.toISOString() ?? null },
          now,
        });
      return count === 1;
    });
    if (claimed) sent++;
  }
  return sent;
}
