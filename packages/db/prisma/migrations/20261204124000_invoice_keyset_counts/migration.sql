-- The invoice list pages by keyset (newest first: created_at DESC, id DESC) and reads its `total` from
-- per-status counters, so a page costs the same at invoice 100,000 as at invoice 10: no OFFSET, no
-- COUNT(*) over the organization's invoices on every request.

-- No invoice may be written between the backfill below and the triggers that keep the counters from then on.
LOCK TABLE "invoices" IN SHARE ROW EXCLUSIVE MODE;

-- Keyset pages, with and without the status filter, read these in order (forward or backward); the old
-- (organization_id, created_at) index is a prefix of the first one.
DROP INDEX "invoices_organization_id_created_at_idx";
CREATE INDEX "invoices_organization_id_created_at_id_idx" ON "invoices"("organization_id", "created_at", "id");
CREATE INDEX "invoices_organization_id_status_created_at_id_idx" ON "invoices"("organization_id", "status", "created_at", "id");

-- How many invoices an organization has per status. Written only by the triggers below, in the transaction
-- that inserts, deletes or changes the status of an invoice, so it is never out of step with the rows.
-- No foreign key: invoices have none to organizations either, and an organization's invoices leave with
-- its billing customer (the delete trigger then takes them off the counters).
CREATE TABLE "invoice_counts" (
    "organization_id" TEXT NOT NULL,
    "status" "InvoiceStatus" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "invoice_counts_pkey" PRIMARY KEY ("organization_id", "status")
);

INSERT INTO "invoice_counts" ("organization_id", "status", "count")
SELECT "organization_id", "status", COUNT(*)::int FROM "invoices" GROUP BY "organization_id", "status";

-- Inserts and deletes count per statement (transition tables): a set-based insert of 100,000 invoices
-- touches each counter once, not 100,000 times. Counters are locked in one order (ORDER BY) so two
-- statements touching the same counters cannot deadlock on them.
CREATE FUNCTION "invoice_counts_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "invoice_counts" AS c ("organization_id", "status", "count")
  SELECT "organization_id", "status", COUNT(*)::int FROM "inserted"
   GROUP BY "organization_id", "status" ORDER BY "organization_id", "status"
  ON CONFLICT ("organization_id", "status") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  RETURN NULL;
END $$;

CREATE FUNCTION "invoice_counts_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "invoice_counts" AS c SET "count" = c."count" - d."n"
    FROM (SELECT "organization_id", "status", COUNT(*)::int AS "n" FROM "deleted"
           GROUP BY "organization_id", "status" ORDER BY "organization_id", "status") d
   WHERE c."organization_id" = d."organization_id" AND c."status" = d."status";
  RETURN NULL;
END $$;

-- A status change moves one invoice between two counters. Per row, and only when the status (or, never in
-- practice, the organization) changes: the many other updates of an invoice cost nothing here.
CREATE FUNCTION "invoice_counts_after_status_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "invoice_counts" SET "count" = "count" - 1
   WHERE "organization_id" = OLD."organization_id" AND "status" = OLD."status";
  INSERT INTO "invoice_counts" AS c ("organization_id", "status", "count")
  VALUES (NEW."organization_id", NEW."status", 1)
  ON CONFLICT ("organization_id", "status") DO UPDATE SET "count" = c."count" + 1;
  RETURN NULL;
END $$;

CREATE FUNCTION "invoice_counts_after_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "invoice_counts";
  RETURN NULL;
END $$;

CREATE TRIGGER "invoice_counts_insert" AFTER INSERT ON "invoices"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "invoice_counts_after_insert"();
CREATE TRIGGER "invoice_counts_delete" AFTER DELETE ON "invoices"
  REFERENCING OLD TABLE AS "deleted" FOR EACH STATEMENT EXECUTE FUNCTION "invoice_counts_after_delete"();
CREATE TRIGGER "invoice_counts_status" AFTER UPDATE OF "status", "organization_id" ON "invoices"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."organization_id" IS DISTINCT FROM NEW."organization_id")
  EXECUTE FUNCTION "invoice_counts_after_status_change"();
CREATE TRIGGER "invoice_counts_truncate" AFTER TRUNCATE ON "invoices"
  FOR EACH STATEMENT EXECUTE FUNCTION "invoice_counts_after_truncate"();
