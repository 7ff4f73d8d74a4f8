import type { Db } from "@salesos/db";

import type { Tx } from "../deps";
import type { MailTransport, OutgoingMail } from "./types";

/**
 * Development without SMTP_URL: each mail is a row in `dev_mail` (its attachments beside it), read at
 * /dev/mailbox, so every flow that mails can be clicked through. Stored in the sender's transaction
 * when it has one: the mail exists exactly when the notice is marked sent.
 */
export function devMailboxTransport(db: Db, clock: () => Date = () => new Date()): MailTransport {
  return {
    kind: "dev-mailbox",
    async send(mail: OutgoingMail, tx?: Tx) {
      const client = tx ?? db;
      await client.devMail.create({
        data: {
          messageId: mail.messageId,
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          createdAt: clock(),
          attachments: {
            create: mail.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              size: a.content.byteLength,
              contentBase64: Buffer.from(a.content).toString("base64"),
            })),
          },
        },
      });
    },
  };
}

export interface DevMailSummary {
  id: string;
  to: string[];
  subject: string;
  createdAt: Date;
}

/** The newest stored mails first (the mailbox page's list). */
export async function listDevMail(db: Db, args: { limit: number }): Promise<DevMailSummary[]> {
  return db.devMail.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: args.limit,
    select: { id: true, to: true, subject: true, createdAt: true },
  });
}

export interface DevMailView extends DevMailSummary {
  messageId: string;
  from: string;
  text: string;
  html: string;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
}

export async function getDevMail(db: Db, id: string): Promise<DevMailView | null> {
  return db.devMail.findUnique({
    where: { id },
    select: {
      id: true,
      messageId: true,
      from: true,
      to: true,
      subject: true,
      text: true,
      html: true,
      createdAt: true,
      attachments: {
        select: { id: true, filename: true, contentType: true, size: true },
        orderBy: { filename: "asc" },
      },
    },
  });
}

export async function getDevMailAttachment(
  db: Db,
  args: { mailId: string; attachmentId: string },
): Promise<{ filename: string; contentType: string; content: Uint8Array } | null> {
  const row = await db.devMailAttachment.findFirst({
    where: { id: args.attachmentId, mailId: args.mailId },
    select: { filename: true, contentType: true, contentBase64: true },
  });
  return row
    ? {
        filename: row.filename,
        contentType: row.contentType,
        content: Buffer.from(row.contentBase64, "base64"),
      }
    : null;
}
