import type { Db } from "@salesos/db";

import type { PaymentGateway } from "./gateways/port";
import type { Mailer } from "./mail/types";

/** What every use case runs with. Built once at the edge (the app); tests build their own. */
export interface BillingDeps {
  db: Db;
  gateway: PaymentGateway;
  /** The app's public origin, for hosted-page and portal URLs and for same-origin checks. */
  appUrl: string;
  /** Keys the LOCAL gateway's card fingerprints. */
  fingerprintKey: string;
  /** How long a payment attempt may be in flight before the reconciler settles it (default 60 s). */
  attemptLeaseMs?: number | undefined;
  /**
   * How long a subscription claimed for a payment attempt is left alone by other workers (default 15
   * min): a worker killed between the claim and recording the attempt delays that payment this long.
   */
  collectLeaseMs?: number | undefined;
  /** Where notices and the password-reset mail go (SMTP, or the dev mailbox); unset: no mail. */
  mail?: Mailer | undefined;
  /** Tests only: stop at a money step as a crash would (see attempts/crash.ts). */
  faults?: { crashAt: string; mode: "kill" | "throw" } | undefined;
}

/** Who is acting. The router has already checked the role; every query here takes the organization. */
export interface BillingActor {
  userId: string;
  organizationId: string;
  role: "OWNER" | "ADMIN" | "MEMBER";
  /** For the audit log. */
  requestId?: string | undefined;
}

/** A Prisma interactive-transaction client. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
