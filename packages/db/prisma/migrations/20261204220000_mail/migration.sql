-- E-mail (issue 15): notices sent once per fact, the dev mailbox, password reset tokens.

-- CARD_EXPIRING is written once per card per expiry month: the key makes a second sweep a no-op.
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" TEXT;
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- Mail stored instead of sent when no SMTP_URL is configured (development), shown at /dev/mailbox.
-- Attachments are base64 text: the PGlite driver adapter refuses Prisma Bytes parameters.
CREATE TABLE "dev_mail" (
    "id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT[],
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "dev_mail_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "dev_mail_created_at_idx" ON "dev_mail"("created_at");

CREATE TABLE "dev_mail_attachments" (
    "id" TEXT NOT NULL,
    "mail_id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content_base64" TEXT NOT NULL,
    CONSTRAINT "dev_mail_attachments_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "dev_mail_attachments_mail_id_idx" ON "dev_mail_attachments"("mail_id");
ALTER TABLE "dev_mail_attachments" ADD CONSTRAINT "dev_mail_attachments_mail_id_fkey" FOREIGN KEY ("mail_id") REFERENCES "dev_mail"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Password reset: only the SHA-256 of the mailed token is kept.
CREATE TABLE "password_reset_tokens" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    CONSTRAINT "password_reset_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens"("token_hash");
CREATE INDEX "password_reset_tokens_user_id_idx" ON "password_reset_tokens"("user_id");
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
