/**
 * A Stripe event whose first try fails in the webhook route (Stripe answering 500 when we re-fetch the
 * object) is handed to the job queue instead of failing the delivery: the route's answer is `deferred`,
 * the `gateway.event` job applies it once Stripe answers again, and a second delivery is a duplicate.
 */
import { describe, expect, it } from "vitest";

import { JobQueue, processGatewayEvent, queueCounts } from "../../src";
import { useStripeEngine } from "../engine/stripe-engine";

const e = useStripeEngine();

describe(`gateway events through the queue (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it("a checkout.session.completed that fails at first is applied by its job, once", async () => {
    const actor = await e.h.newOrganization("Deferred Event");
    const started = await e.checkout(actor);
    await e.pay(started.url);
    const sessionId = e.gatewaySessionId(started.url);
    const [delivery] = e.deliveries(sessionId, "checkout.session.completed");
    expect(delivery).toBeDefined();

    const queue = await new JobQueue({
      store: e.h.database.jobStore,
      deps: e.h.deps,
      tickCron: null,
      pollingIntervalSeconds: 0.5,
      settings: { retryDelay: 1 },
      onError: () => {},
    }).start();
    try {
      // Stripe fails the re-fetch twice: the route's try, then the job's first try.
      e.server.faults.set(
        `GET /v1/checkout/sessions/${sessionId}`,
        { kind: "error", status: 500 },
        2,
      );
      const answer = await processGatewayEvent(e.h.deps, {
        ...delivery!,
        now: new Date(),
        defer: (event) => queue.deferGatewayEvent(event),
      });
      expect(answer).toMatchObject({ duplicate: false, deferred: true });
      expect(
        await e.h.db.subscription.count({ where: { organizationId: actor.organizationId } }),
      ).toBe(0);

      const until = Date.now() + 30_000;
      while ((await e.h.db.webhookEvent.count({ where: { id: answer.id } })) === 0) {
        if (Date.now() > until) throw new Error("the event job never applied the event");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(
        await e.h.db.subscription.findMany({ where: { organizationId: actor.organizationId } }),
      ).toMatchObject([{ status: "ACTIVE" }]);
      expect((await queueCounts(e.h.db)).failed).toBe(0);
      const again = await processGatewayEvent(e.h.deps, { ...delivery!, now: new Date() });
      expect(again).toMatchObject({ duplicate: true, deferred: false });
    } finally {
      await queue.stop();
    }
  });
});
