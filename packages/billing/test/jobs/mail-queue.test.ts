/**
 * Notices go out through the job queue: the tick relays every unsent notice to a `mail.send` job; an SMTP
 * server that refuses (451) makes the jobs retry with backoff, and once it accepts, every mailed notice
 * arrives exactly once (one Message-ID each) — nothing lost, nothing doubled.
 */
import { describe, expect, it } from "vitest";

import { JobQueue, queueCounts } from "../../src";
import { MAIL_NOW, MAILED_KINDS, messageIdOf, useSmtpWorld } from "../mail/smtp-world";

const ctx = useSmtpWorld();
const MAILED = new Set(MAILED_KINDS);
const now = MAIL_NOW;

describe(`mail through the job queue (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it("a refusing SMTP server leads to retries, then each notice is mailed once", async () => {
    ctx.smtp.reject = { code: 451, message: "4.3.0 Try again later" };
    const queue = await new JobQueue({
      store: ctx.world.h.database.jobStore,
      deps: ctx.deps,
      clock: () => now,
      tickCron: null,
      pollingIntervalSeconds: 0.5,
      settings: { retryDelay: 1, retryLimit: 8 },
      onError: () => {},
    }).start();
    try {
      await queue.enqueueDue();
      // Refused for a while: the jobs fail and wait for their retry; nothing is marked sent.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(ctx.smtp.received).toHaveLength(0);
      expect(await ctx.world.h.db.notification.count({ where: { sentAt: { not: null } } })).toBe(0);
      ctx.smtp.reject = null;
      const until = Date.now() + 50_000;
      // The schedule ticks every minute; here every 2 s: notices the billing jobs wrote meanwhile (a
      // collection that needs the bank's confirmation) are relayed by the next tick.
      let ticked = Date.now();
      while ((await ctx.world.h.db.notification.count({ where: { sentAt: null } })) > 0) {
        if (Date.now() - ticked > 2_000) {
          await queue.enqueueDue();
          ticked = Date.now();
        }
        if (Date.now() > until) {
          const unsent = await ctx.world.h.db.notification.findMany({ where: { sentAt: null } });
          throw new Error(`notices still unsent after 50 s: ${JSON.stringify(unsent)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // A second tick relays nothing new and sends nothing twice.
      await queue.enqueueDue();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      await queue.stop();
    }
    const notices = await ctx.world.h.db.notification.findMany();
    const mailed = notices.filter((n) => MAILED.has(n.kind));
    expect(mailed.length).toBeGreaterThanOrEqual(MAILED.size);
    expect(ctx.smtp.received).toHaveLength(mailed.length);
    for (const n of mailed)
      expect(ctx.smtp.received.filter((m) => m.messageId === messageIdOf(n.id))).toHaveLength(1);
    const retried = await ctx.world.h.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.send' AND retry_count > 0",
    );
    console.info(
      `notices: ${notices.length}, mailed: ${mailed.length}, mail jobs retried: ${retried[0]!.n}`,
    );
    expect(retried[0]!.n).toBeGreaterThan(0);
    expect((await queueCounts(ctx.world.h.db)).failed).toBe(0);
  });
});
