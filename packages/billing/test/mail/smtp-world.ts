/**
 * The mail tests' shared setup (deliver.test.ts, jobs/mail-queue.test.ts): the mail world's notices, a
 * real SMTP server, and the engine sending to it.
 */
import { afterAll, beforeAll } from "vitest";

import { smtpTransport, type BillingDeps } from "../../src";
import { mailWorld, type MailWorld } from "./fixtures";
import { startSmtp, type TestSmtp } from "./smtp";

export const MAIL_FROM = "SalesOS Billing <billing@salesos.test>";
/** The notice kinds that are mailed; every other kind is marked "not_mailed". */
export const MAILED_KINDS = [
  "INVOICE_PAID",
  "PAYMENT_FAILED",
  "ACTION_REQUIRED",
  "TRIAL_ENDING",
  "CARD_EXPIRING",
  "SUBSCRIPTION_CANCELED",
];
/** After everything the world's setup did. */
export const MAIL_NOW = new Date("2026-04-01T02:00:00Z");
/** The Message-ID a notice's mail carries (stable, so a resend can be recognised). */
export const messageIdOf = (noticeId: string) => `<notification.${noticeId}@salesos.test>`;

export interface SmtpWorld {
  world: MailWorld;
  smtp: TestSmtp;
  deps: BillingDeps;
}

/** Set up before the file's tests, torn down after; read its fields inside the tests. */
export function useSmtpWorld(): SmtpWorld {
  const ctx = {} as SmtpWorld;
  beforeAll(async () => {
    [ctx.world, ctx.smtp] = await Promise.all([mailWorld(), startSmtp()]);
    ctx.deps = {
      ...ctx.world.h.deps,
      mail: { transport: smtpTransport(ctx.smtp.url), from: MAIL_FROM },
    };
  });
  afterAll(async () => {
    await ctx.smtp.close();
    await ctx.world.h.database.close();
  });
  return ctx;
}
