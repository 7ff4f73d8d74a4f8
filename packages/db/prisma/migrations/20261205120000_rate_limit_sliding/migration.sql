-- Sliding-window rate limits: the count of the window before the current one, weighted by how much of
-- it still overlaps the last windowSeconds. A fixed window let a burst of twice the limit through at
-- every boundary (the limit at 00:59 and again at 01:00).
ALTER TABLE "rate_limit_counters" ADD COLUMN "previous_count" INTEGER NOT NULL DEFAULT 0;
