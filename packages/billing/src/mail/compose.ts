import type { Notification } from "@salesos/db";

import type { BillingDeps } from "../deps";
import { renderInvoicePdfFor } from "../usecases/invoice-pdf";
import { stableMessageId } from "./message-id";
import { billingRecipients } from "./recipients";
import { oneLine, renderHtml, renderText } from "./render";
import { NOTICE_TEMPLATES } from "./templates/notices";
import type { MailAttachment, Mailer, OutgoingMail } from "./types";

/**
 * The mail for one notification, or null when it is not mailed (a kind without a template, or an
 * organization with no OWNER or ADMIN left). Read outside the send's transaction: drawing a PDF must
 * not hold the notification's row lock.
 */
export async function composeNoticeMail(
  deps: BillingDeps,
  mailer: Mailer,
  notification: Notification,
): Promise<OutgoingMail | null> {
  const template = NOTICE_TEMPLATES[notification.kind];
  if (!template) return null;
  const to = await billingRecipients(deps.db, notification.organizationId);
  if (to.length === 0) return null;
  const org = await deps.db.organization.findUniqueOrThrow({
    where: { id: notification.organizationId },
    select: { name: true },
  });
  const { doc, attachInvoiceId } = await template({
    db: deps.db,
    organizationId: notification.organizationId,
    orgName: org.name,
    appUrl: deps.appUrl,
    data: notification.data,
  });
  const attachments: MailAttachment[] = [];
  if (attachInvoiceId) {
    // The same drawing as the invoice download (cached per content), scoped to the notice's org.
    const pdf = await renderInvoicePdfFor(deps, {
      actor: { userId: "mailer", organizationId: notification.organizationId, role: "OWNER" },
      invoiceId: attachInvoiceId,
    });
    attachments.push({
      filename: pdf.filename,
      contentType: "application/pdf",
      content: pdf.bytes,
    });
  }
  return {
    messageId: stableMessageId("notification", notification.id, mailer.from),
    from: mailer.from,
    to,
    subject: oneLine(doc.subject),
    text: renderText(doc),
    html: renderHtml(doc),
    attachments,
  };
}
