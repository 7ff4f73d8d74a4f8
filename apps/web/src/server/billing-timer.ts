import { runBillingClock } from "@salesos/api";
import { getDb } from "@salesos/db";

const globalForTimer = globalThis as unknown as { billingTimer?: NodeJS.Timeout };

/** The in-process scheduler: one run per interval, never two at once, errors logged and retried next tick. */
export function startBillingTimer(intervalMs: number): void {
  if (globalForTimer.billingTimer) return;
  console.info(`Billing clock: running every ${intervalMs / 1000} s in this process.`);
  let running = false;
  globalForTimer.billingTimer = setInterval(() => {
    if (running) return;
    running = true;
    runBillingClock(getDb())
      .then((summary) => {
        if (Object.values(summary).some((n) => n > 0))
          console.info("Billing clock:", JSON.stringify(summary));
      })
      .catch((error: unknown) => console.error("Billing clock failed:", error))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  globalForTimer.billingTimer.unref();
}
