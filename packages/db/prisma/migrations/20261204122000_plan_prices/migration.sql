-- Every price a plan has had, immutable: a price change supersedes the current row and adds a new one.
-- The plan's monthly_price / yearly_price stay the current price new subscriptions get (written together
-- with these rows, by the billing engine's setPlanPrice only); existing subscriptions keep their
-- unit_amount (grandfathered) unless staff move them at their next renewal (pending_unit_amount).
CREATE TABLE "plan_prices" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "billing_cycle" "BillingCycle" NOT NULL,
    "currency" TEXT NOT NULL,
    "unit_amount" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "superseded_at" TIMESTAMP(3),
    CONSTRAINT "plan_prices_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "plan_prices_plan_id_created_at_idx" ON "plan_prices"("plan_id", "created_at");
-- One current price per plan, cycle and currency.
CREATE UNIQUE INDEX "plan_prices_one_current" ON "plan_prices"("plan_id", "billing_cycle", "currency")
    WHERE "superseded_at" IS NULL;
ALTER TABLE "plan_prices" ADD CONSTRAINT "plan_prices_plan_id_fkey" FOREIGN KEY ("plan_id")
    REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

INSERT INTO "plan_prices" ("id", "plan_id", "billing_cycle", "currency", "unit_amount", "created_at")
SELECT 'price_' || md5("id" || ':monthly'), "id", 'monthly'::"BillingCycle", "currency", "monthly_price", "created_at"
  FROM "plans" WHERE "monthly_price" IS NOT NULL
UNION ALL
SELECT 'price_' || md5("id" || ':yearly'), "id", 'yearly'::"BillingCycle", "currency", "yearly_price", "created_at"
  FROM "plans" WHERE "yearly_price" IS NOT NULL;

ALTER TABLE "subscriptions" ADD COLUMN "pending_unit_amount" INTEGER;
