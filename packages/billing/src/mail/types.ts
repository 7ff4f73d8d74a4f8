import type { Tx } from "../deps";

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** One message, fully rendered: what a transport hands to SMTP or stores in the dev mailbox. */
export interface OutgoingMail {
  /**
   * A stable RFC 5322 Message-ID (`<…@…>`) derived from what the mail is about (a notification id, a
   * reset token id): a mail sent again after a crash carries the same id, so receivers can drop it.
   */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/**
 * Where mail goes. `tx`: the transaction the send belongs to, when there is one — the dev mailbox
 * stores the mail in it (so the stored mail and `sentAt` commit together, and PGlite's single
 * connection is not asked for a second one); SMTP ignores it. A throw means "not sent".
 */
export interface MailTransport {
  readonly kind: "smtp" | "dev-mailbox";
  send(mail: OutgoingMail, tx?: Tx): Promise<void>;
}

/** The engine's mail settings, built at the edge (createBillingDeps). */
export interface Mailer {
  transport: MailTransport;
  /** The From header, e.g. `SalesOS Billing <billing@example.com>`. */
  from: string;
}
