/*
  Warnings:

  - A unique constraint covering the columns `[attempt_id]` on the table `payments` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "AttemptKind" AS ENUM ('CHARGE', 'REFUND');

-- CreateEnum
CREATE TYPE "AttemptPurpose" AS ENUM ('CHECKOUT', 'PLAN_CHANGE', 'INVOICE', 'REFUND');

-- CreateEnum
CREATE TYPE "AttemptStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'REQUIRES_ACTION', 'PROCESSING');

-- CreateEnum
CREATE TYPE "AttemptEffect" AS ENUM ('APPLIED', 'REFUNDED');

-- AlterTable
ALTER TABLE "local_cards" ADD COLUMN     "organization_id" TEXT;

-- AlterTable
ALTER TABLE "local_charges" ADD COLUMN     "amount_refunded" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "attempt_id" TEXT;

-- CreateTable
CREATE TABLE "local_refunds" (
    "id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "charge_id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "local_refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_attempts" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "kind" "AttemptKind" NOT NULL,
    "purpose" "AttemptPurpose" NOT NULL,
    "status" "AttemptStatus" NOT NULL,
    "effect" "AttemptEffect",
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "gateway" "Gateway" NOT NULL,
    "payload" JSONB NOT NULL,
    "checkout_session_id" TEXT,
    "subscription_id" TEXT,
    "invoice_id" TEXT,
    "payment_method_id" TEXT,
    "gateway_payment_method_id" TEXT,
    "gateway_payment_id" TEXT,
    "refund_of_id" TEXT,
    "failure_code" TEXT,
    "failure_message" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "resolved_at" TIMESTAMP(3),

    CONSTRAINT "payment_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "change_previews" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "subscription_version" TIMESTAMP(3) NOT NULL,
    "proration_date" TIMESTAMP(3) NOT NULL,
    "plan_id" TEXT NOT NULL,
    "billing_cycle" "BillingCycle" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount_due_now" INTEGER NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "change_previews_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "local_refunds_idempotency_key_key" ON "local_refunds"("idempotency_key");

-- CreateIndex
CREATE INDEX "local_refunds_charge_id_idx" ON "local_refunds"("charge_id");

-- CreateIndex
CREATE INDEX "payment_attempts_status_created_at_idx" ON "payment_attempts"("status", "created_at");

-- CreateIndex
CREATE INDEX "payment_attempts_organization_id_created_at_idx" ON "payment_attempts"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "payment_attempts_checkout_session_id_idx" ON "payment_attempts"("checkout_session_id");

-- CreateIndex
CREATE INDEX "payment_attempts_invoice_id_idx" ON "payment_attempts"("invoice_id");

-- CreateIndex
CREATE INDEX "payment_attempts_refund_of_id_idx" ON "payment_attempts"("refund_of_id");

-- CreateIndex
CREATE INDEX "change_previews_subscription_id_proration_date_idx" ON "change_previews"("subscription_id", "proration_date");

-- CreateIndex
CREATE INDEX "change_previews_expires_at_idx" ON "change_previews"("expires_at");

-- DropIndex
DROP INDEX "coupon_redemptions_coupon_id_organization_id_key";

-- CreateIndex
CREATE INDEX "coupon_redemptions_coupon_id_organization_id_idx" ON "coupon_redemptions"("coupon_id", "organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_attempt_id_key" ON "payments"("attempt_id");

-- AddForeignKey
ALTER TABLE "local_refunds" ADD CONSTRAINT "local_refunds_charge_id_fkey" FOREIGN KEY ("charge_id") REFERENCES "local_charges"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_refund_of_id_fkey" FOREIGN KEY ("refund_of_id") REFERENCES "payment_attempts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
