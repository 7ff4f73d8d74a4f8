import type { BillingDeps } from "../deps";
import { mailerOf } from "./deliver";
import { stableMessageId } from "./message-id";
import { renderHtml, renderText, safeHref, type MailDocument } from "./render";

/** The "forgot password" mail: not an organization's notice, so it goes straight to the transport. */
export async function sendPasswordResetMail(
  deps: BillingDeps,
  args: { to: string; resetUrl: string; tokenId: string; expiresAt: Date; now?: Date },
): Promise<void> {
  const mailer = mailerOf(deps);
  const now = args.now ?? new Date();
  const minutes = Math.max(1, Math.round((args.expiresAt.getTime() - now.getTime()) / 60_000));
  const doc: MailDocument = {
    subject: "Reset your SalesOS Billing password",
    blocks: [
      { paragraph: ["Hello,"] },
      {
        paragraph: [
          "Someone asked to reset the password of the SalesOS Billing account ",
          { strong: args.to },
          `. The link below sets a new one; it works once, within ${minutes} minutes.`,
        ],
      },
      { button: { text: "Set a new password", href: safeHref(args.resetUrl) } },
      {
        paragraph: ["If you did not ask for this, ignore this mail: your password stays as it is."],
      },
    ],
  };
  await mailer.transport.send({
    messageId: stableMessageId("password-reset", args.tokenId, mailer.from),
    from: mailer.from,
    to: [args.to],
    subject: doc.subject,
    text: renderText(doc),
    html: renderHtml(doc),
    attachments: [],
  });
}
