/**
 * Notices go out through the job queue: the tick relays every unsent notice to a `mail.send` job; an SMTP
 * server that refuses (451) makes the jobs retry with backoff, and once it accepts, every mailed notice
 * arrives exactly once (one Message-ID each) — nothing lost, nothing doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { JobQueue, queueCounts, smtpTransport, type BillingDeps } from "../../src";
import { mailWorld, type MailWorld } from "../mail/fixtures";
import { startSmtp, type TestSmtp } from "../mail/smtp";

const FROM = "SalesOS Billing <billing@salesos.test>";
const MAILED = new Set([
  "INVOICE_PAID",
  "PAYMENT_FAILED",
  "ACTION_REQUIRED",
  "TRIAL_ENDING",
  "CARD_EXPIRING",
  "SUBSCRIPTION_CANCELED",
]);
const now = new Date("2026-04-01T02:00:00Z");

let world: MailWorld;
let smtp: TestSmtp;
let deps: BillingDeps;

beforeAll(async () => {
  [world, smtp] = await Promise.all([mailWorld(), startSmtp()]);
  deps = { ...world.h.deps, mail: { transport: smtpTransport(smtp.url), from: FROM } };
});
afterAll(async () => {
  await smtp.close();
  await world.h.database.close();
});

describe(`mail through the job queue (${process.env.TEST_DB_KIND ?? "pglite"})`, () => {
  it("a refusing SMTP server leads to retries, then each notice is mailed once", async () => {
    smtp.reject = { code: 451, message: "4.3.0 Try again later" };
    const queue = await new JobQueue({
      store: world.h.database.jobStore,
      deps,
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
      expect(smtp.received).toHaveLength(0);
      expect(await world.h.db.notification.count({ where: { sentAt: { not: null } } })).toBe(0);
      smtp.reject = null;
      const until = Date.now() + 50_000;
      // The schedule ticks every minute; here every 2 s: notices the billing jobs wrote meanwhile (a
      // collection that needs the bank's confirmation) are relayed by the next tick.
      let ticked = Date.now();
      while ((await world.h.db.notification.count({ where: { sentAt: null } })) > 0) {
        if (Date.now() - ticked > 2_000) {
          await queue.enqueueDue();
          ticked = Date.now();
        }
        if (Date.now() > until) {
          const unsent = await world.h.db.notification.findMany({ where: { sentAt: null } });
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
    const notices = await world.h.db.notification.findMany();
    const mailed = notices.filter((n) => MAILED.has(n.kind));
    expect(mailed.length).toBeGreaterThanOrEqual(MAILED.size);
    expect(smtp.received).toHaveLength(mailed.length);
    for (const n of mailed)
      expect(
        smtp.received.filter((m) => m.messageId === `<notification.${n.id}@salesos.test>`),
      ).toHaveLength(1);
    const retried = await world.h.db.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.send' AND retry_count > 0",
    );
    console.info(
      `notices: ${notices.length}, mailed: ${mailed.length}, mail jobs retried: ${retried[0]!.n}`,
    );
    expect(retried[0]!.n).toBeGreaterThan(0);
    expect((await queueCounts(world.h.db)).failed).toBe(0);
  });
});
