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
  // Background work: this instance takes jobs from the queue (unless JOB_WORKERS=off) and schedules the
  // billing clock's tick (unless BILLING_CLOCK_CRON=off); several instances share both safely.
  // The production server has started it already (one queue per process, on globalThis); `next dev` starts
  // it here. Never fatal: without a database yet, it is tried again and /readyz says so.
  const { startJobsInBackground } = await import("@salesos/api/jobs");
  const { getDatabase } = await import("@salesos/db");
  startJobsInBackground(getDatabase());
}
