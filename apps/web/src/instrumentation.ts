/** Runs once when the server boots: a bad environment stops the start with a readable message. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { validateServerEnv } = await import("./env");
  const env = validateServerEnv();
  const { devMailboxEnabled } = await import("@salesos/validators");
  if (!env.SMTP_URL && !devMailboxEnabled(env))
    // Not fatal (a staging copy may want no mail), but it must not go unnoticed: nothing is mailed.
    console.warn(
      "SMTP_URL is not set: billing mail and password-reset links are stored in the database, not sent. Set SMTP_URL and MAIL_FROM to send them.",
    );
  // In development the billing clock runs on a timer inside the server; production uses the cron route
  // or `pnpm billing:clock`. BILLING_CLOCK_INTERVAL_SECONDS=0 turns the timer off.
  const interval = env.BILLING_CLOCK_INTERVAL_SECONDS ?? (env.NODE_ENV === "development" ? 60 : 0);
  if (interval > 0) {
    const { startBillingTimer } = await import("./server/billing-timer");
    startBillingTimer(interval * 1000);
  }
}
