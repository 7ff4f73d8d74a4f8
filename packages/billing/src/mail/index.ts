export { deliverNotification, type DeliveryOutcome } from "./deliver";
export { unsentNotificationIds } from "./outbox";
export { noticeCardsExpiring } from "./card-expiring";
export { sendPasswordResetMail } from "./password-reset-mail";
export {
  devMailboxTransport,
  getDevMail,
  getDevMailAttachment,
  listDevMail,
  type DevMailSummary,
  type DevMailView,
} from "./dev-mailbox";
export { smtpTransport } from "./smtp-transport";
export { escapeHtml, renderHtml, renderText, type MailDocument } from "./render";
export type { MailAttachment, Mailer, MailTransport, OutgoingMail } from "./types";
