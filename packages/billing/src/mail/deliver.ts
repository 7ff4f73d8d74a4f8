import { transaction } from "@salesos/db";

import type { BillingDeps } from "../deps";
import { composeNoticeMail } from "./compose";
import type { Mailer } from "./types";

export type DeliveryOutcome = "sent" | "already_sent" | "not_mailed";

export function mailerOf(deps: BillingDeps): Mailer {
  if (!deps.mail) throw new Error("Mail is not configured for this engine (BillingDeps.mail).");
  return deps.mail;
}

/**
 * Sends one notification by mail, at most once per notification as far as our database can tell
 * (the queue's `mail.send` job calls it, and retries it when it throws):
 *
 * 1. compose the mail outside any transaction (templates, recipients, the invoice PDF);
 * 2. in one transaction: lock the notification row (`FOR UPDATE`), answer "already_sent" when `sentAt`
 *    is set (a twin or an earlier run sent it), else hand the mail to the transport, then set `sentAt`.
 *
 * Twins wait on the row lock and then see `sentAt`. A transport that throws rolls the transaction
 * back: `sentAt` stays null and the retry sends again.
 *
 * The window that remains (at least once, not exactly once): the SMTP server accepted the mail, and
 * the process died or the commit failed before `sentAt` was stored. The retry then sends it again,
 * with the same Message-ID (`<notification.<id>@<from domain>>`), so receiving servers and clients
 * that deduplicate by Message-ID show it once. The dev mailbox stores the mail in the same
 * transaction, so there it is exactly once.
 *
 * Kinds that are not mailed (and notices of an organization with no OWNER or ADMIN) are marked sent
 * and answer "not_mailed", so nothing picks them up again.
 */
export async function deliverNotification(
  deps: BillingDeps,
  args: { notificationId: string; now: Date },
): Promise<DeliveryOutcome> {
  const mailer = mailerOf(deps);
  const notification = await deps.db.notification.findUniqueOrThrow({
    where: { id: args.notificationId },
  });
  if (notification.sentAt) return "already_sent";
  const mail = await composeNoticeMail(deps, mailer, notification);
  // transaction() runs `fn` again only after a deadlock or serialization failure, which a single
  // row lock and a single-row update under READ COMMITTED do not produce; the send happens last
  // but one, so a throw from it is the transaction's throw.
  return transaction(deps.db, async (tx) => {
    const rows = await tx.$queryRaw<{ sent_at: Date | null }[]>`
      SELECT sent_at FROM notifications WHERE id = ${args.notificationId} FOR UPDATE`;
    if (!rows[0]) throw new Error(`Notification ${args.notificationId} disappeared.`);
    if (rows[0].sent_at) return "already_sent";
    if (mail) await mailer.transport.send(mail, tx);
    await tx.notification.update({
      where: { id: args.notificationId },
      data: { sentAt: args.now },
    });
    return mail ? "sent" : "not_mailed";
  });
}
