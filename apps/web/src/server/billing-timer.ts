import { runBillingClock } from "@salesos/api";
import { getDb } from "@salesos/db";
import { log } from "@salesos/log";

const globalForTimer = globalThis as unknown as { billingTimer?: NodeJS.Timeout };

/** The in-process scheduler: one run per interval, never two at once, errors logged and retried next tick. */
export function startBillingTimer(intervalMs: number): void {
  if (globalForTimer.billingTimer) return;
  log().info({ intervalSeconds: intervalMs / 1000 }, "billing clock: running in this process");
  let running = false;
  globalForTimer.billingTimer = setInterval(() => {
    if (running) return;
    running = true;
    runBillingClock(getDb())
      .then((summary) => {
        if (Object.values(summary).some((n) => n > 0)) log().info({ summary }, "billing clock ran");
      })
      .catch((error: unknown) => log().error({ err: error }, "billing clock failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  globalForTimer.billingTimer.unref();
}
