-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "dispute_amount" INTEGER,
ADD COLUMN     "dispute_status" TEXT,
ADD COLUMN     "disputed_at" TIMESTAMP(3),
ADD COLUMN     "gateway_dispute_id" TEXT;
