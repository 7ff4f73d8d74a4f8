import type { Db } from "@salesos/db";

import { queueCounts } from "../../src";

/** Waits until no job waits or runs (dead ones may remain); throws with the counts after `timeoutMs`. */
export async function drained(db: Db, timeoutMs = 50_000): Promise<void> {
  for (const until = Date.now() + timeoutMs; ;) {
    const counts = await queueCounts(db);
    if (Object.keys(counts.waiting).length === 0 && counts.active === 0) return;
    if (Date.now() > until) throw new Error(`queue not drained: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
