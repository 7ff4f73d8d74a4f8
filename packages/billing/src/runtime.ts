import { hkdfSync } from "node:crypto";

import type { Db } from "@salesos/db";

import type { BillingDeps } from "./deps";
import { LocalGateway } from "./gateways/local/local-gateway";
import { StripeGateway } from "./gateways/stripe/stripe-gateway";
import { devMailboxTransport } from "./mail/dev-mailbox";
import { smtpTransport } from "./mail/smtp-transport";

/** The From header when MAIL_FROM is unset (development and the dev mailbox only; SMTP requires it). */
export const DEV_MAIL_FROM = "SalesOS Billing <billing@localhost>";

export interface BillingRuntimeConfig {
  db: Db;
  /** The app's public origin. */
  appUrl: string;
  /** The server secret; card fingerprints use a key derived from it (never the secret itself). */
  authSecret: string;
  /** How long a payment attempt may be in flight before the reconciler settles it. Default 60 s. */
  attemptLeaseMs?: number | undefined;
  /** How long a claimed payment attempt is left to its worker (default 15 min). */
  collectLeaseMs?: number | undefined;
  /** Tests only: the money step at which the process kills itself (see attempts/crash.ts). */
  crashAt?: string | undefined;
  /** The STRIPE gateway when set (a secret key and the webhook signing secret); LOCAL otherwise. */
  stripe?: { secretKey: string; webhookSecret: string; apiUrl?: string | undefined } | undefined;
  /** SMTP_URL and MAIL_FROM. Without an SMTP URL, mail is stored in the dev mailbox (`dev_mail`). */
  mail?: { smtpUrl?: string | undefined; from?: string | undefined } | undefined;
}

/** The engine's dependencies for a running app or CLI, from validated configuration (no env reads here). */
export function createBillingDeps(config: BillingRuntimeConfig): BillingDeps {
  const fingerprintKey = Buffer.from(
    hkdfSync("sha256", config.authSecret, "salesos", "local-card-fingerprint", 32),
  ).toString("base64url");
  return {
    db: config.db,
    gateway: config.stripe
      ? new StripeGateway({ ...config.stripe, appUrl: config.appUrl })
      : new LocalGateway({ db: config.db, appUrl: config.appUrl }),
    appUrl: config.appUrl,
    fingerprintKey,
    attemptLeaseMs: config.attemptLeaseMs,
    collectLeaseMs: config.collectLeaseMs,
    mail: {
      transport: config.mail?.smtpUrl
        ? smtpTransport(config.mail.smtpUrl)
        : devMailboxTransport(config.db),
      from: config.mail?.from ?? DEV_MAIL_FROM,
    },
    faults: config.crashAt ? { crashAt: config.crashAt, mode: "kill" } : undefined,
  };
}
