-- CreateEnum
CREATE TYPE "CreditNoteReason" AS ENUM ('PRORATION', 'CANCELLATION', 'DUPLICATE', 'FRAUDULENT', 'ORDER_CHANGE', 'PRODUCT_UNSATISFACTORY', 'GOODWILL');

-- CreateEnum
CREATE TYPE "BalanceEntryType" AS ENUM ('OPENING', 'CREDIT_NOTE', 'INVOICE', 'REFUND_FAILED');

-- AlterTable
ALTER TABLE "billing_customers" ADD COLUMN     "next_credit_note_sequence" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "payment_attempts" ADD COLUMN     "credit_note_id" TEXT;

-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "paid_amount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "paid_from" TIMESTAMP(3),
ADD COLUMN     "paid_tax" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "credit_notes" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "invoice_id" TEXT,
    "subscription_id" TEXT,
    "number" TEXT NOT NULL,
    "reason" "CreditNoteReason" NOT NULL,
    "memo" TEXT,
    "currency" TEXT NOT NULL,
    "subtotal" INTEGER NOT NULL,
    "tax_amount" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL,
    "refund_amount" INTEGER NOT NULL DEFAULT 0,
    "credit_amount" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_note_lines" (
    "id" TEXT NOT NULL,
    "credit_note_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "credit_note_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "balance_transactions" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "type" "BalanceEntryType" NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "credit_note_id" TEXT,
    "invoice_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "balance_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes"("number");

-- CreateIndex
CREATE INDEX "credit_notes_organization_id_created_at_idx" ON "credit_notes"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "credit_notes_invoice_id_idx" ON "credit_notes"("invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "credit_note_lines_credit_note_id_position_key" ON "credit_note_lines"("credit_note_id", "position");

-- CreateIndex
CREATE INDEX "balance_transactions_customer_id_created_at_idx" ON "balance_transactions"("customer_id", "created_at");

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "billing_customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_credit_note_id_fkey" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "balance_transactions" ADD CONSTRAINT "balance_transactions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "billing_customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The balance as it stood becomes the ledger's opening row, so the balance is the sum of the ledger.
INSERT INTO "balance_transactions" ("id", "organization_id", "customer_id", "type", "amount", "currency", "balance_after", "description", "created_at")
SELECT 'btx_opening_' || "id", "organization_id", "id", 'OPENING', "credit_balance", "currency", "credit_balance", 'Opening balance', CURRENT_TIMESTAMP
  FROM "billing_customers" WHERE "credit_balance" <> 0;

-- What the current period's terms were paid: the newest paid create or renewal invoice of the period (a
-- subscription changed since keeps 0: no credit rather than a guessed one).
UPDATE "subscriptions" s
   SET "paid_amount" = i."subtotal" - i."discount_amount",
       "paid_tax" = i."tax_amount",
       "paid_from" = i."period_start"
  FROM (SELECT DISTINCT ON ("subscription_id") "subscription_id", "subtotal", "discount_amount", "tax_amount", "period_start", "period_end"
          FROM "invoices" WHERE "status" = 'PAID' AND "subscription_id" IS NOT NULL
           AND "billing_reason" IN ('SUBSCRIPTION_CREATE', 'SUBSCRIPTION_CYCLE')
         ORDER BY "subscription_id", "created_at" DESC) i
 WHERE i."subscription_id" = s."id" AND i."period_end" = s."current_period_end"
   AND NOT EXISTS (SELECT 1 FROM "invoices" u WHERE u."subscription_id" = s."id" AND u."billing_reason" = 'SUBSCRIPTION_UPDATE' AND u."period_end" = s."current_period_end")
   AND i."subtotal" - i."discount_amount" > 0;
