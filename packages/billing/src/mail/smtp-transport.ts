import { createTransport } from "nodemailer";

import type { MailTransport, OutgoingMail } from "./types";

/**
 * Timeouts below the 30 s of our transaction helper: deliverNotification holds the notification's row
 * lock while it talks to the server, and a server that hangs must fail the send (and so the job, which
 * retries), not outlive the transaction.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 };

/** SMTP through nodemailer; `url` is SMTP_URL (smtp:// or smtps://, credentials in the URL). */
export function smtpTransport(url: string): MailTransport {
  const transporter = createTransport({ url, ...TIMEOUTS });
  return {
    kind: "smtp",
    async send(mail: OutgoingMail) {
      const info = await transporter.sendMail({
        messageId: mail.messageId,
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.content),
        })),
      });
      // A server that accepted none of the recipients did not take the mail: a failure to retry.
      if (info.accepted.length === 0)
        throw new Error(`SMTP accepted no recipient: ${JSON.stringify(info.rejected)}`);
    },
  };
}
