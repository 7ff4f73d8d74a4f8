-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "trial_ending_notified_at" TIMESTAMP(3);
