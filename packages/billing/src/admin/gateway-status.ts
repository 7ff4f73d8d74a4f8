import type { BillingDeps } from "../deps";

/**
 * Which gateway this process runs on and how its traffic looks — never a key or a secret: the last webhook
 * processed, how many in the last 24 hours, and the payment attempts still waiting for an outcome (a
 * webhook, the customer at the bank, or the reconciler). Webhook events are recorded only once their effect
 * committed, so an event that failed is not here: the gateway delivers it again.
 */
export async function gatewayStatus(deps: BillingDeps, args: { now: Date }) {
  const dayAgo = new Date(args.now.getTime() - 86_400_000);
  const [last, lastDay, waiting] = await Promise.all([
    deps.db.webhookEvent.findFirst({ orderBy: { processedAt: "desc" } }),
    deps.db.webhookEvent.count({ where: { processedAt: { gte: dayAgo } } }),
    deps.db.paymentAttempt.groupBy({
      by: ["status"],
      where: { status: { in: ["PENDING", "PROCESSING", "REQUIRES_ACTION"] } },
      _count: { _all: true },
    }),
  ]);
  const count = (status: string) => waiting.find((w) => w.status === status)?._count._all ?? 0;
  return {
    gateway: deps.gateway.name,
    webhooks: {
      supported: "parseWebhook" in deps.gateway,
      lastReceived: last ? { id: last.id, type: last.type, at: last.processedAt } : null,
      lastDay,
    },
    attemptsAwaitingOutcome: {
      pending: count("PENDING"),
      processing: count("PROCESSING"),
      requiresAction: count("REQUIRES_ACTION"),
    },
  };
}
