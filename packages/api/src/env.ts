import { z } from "zod";

import {
  mailEnvShape,
  mailFromRequired,
  stripeEnvShape,
  stripeWebhookSecretRequired,
} from "@salesos/validators";

const apiEnvSchema = z
  .object({
    /** Calls of POST /v1/auth/token per client address, and per email, per minute. */
    RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
    /** Calls of the public coupon route per client address per minute. */
    RATE_LIMIT_COUPON_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
    /** The app's public origin (hosted checkout, portal and return URLs). */
    NEXTAUTH_URL: z.url().default("http://localhost:3000"),
    /** Protects /api/cron/billing; when unset the cron route is disabled. */
    CRON_SECRET: z.string().min(32, "CRON_SECRET must be at least 32 characters.").optional(),
    /** How long a payment attempt may be in flight before the reconciler settles it from the gateway. */
    BILLING_ATTEMPT_LEASE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** How long a subscription claimed for a payment attempt is left to the worker that claimed it. */
    BILLING_COLLECT_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    /** How long an Idempotency-Key stays IN_PROGRESS before a retry may take it over (a dead request). */
    IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /**
     * Test fault switch: the process kills itself (SIGKILL) right after the gateway answers at this money
     * step, before our commit, as a crash would. Never set it in production.
     */
    SALESOS_CRASH_AT: z
      .enum(["checkout.charged", "plan_change.charged", "invoice.charged", "refund.sent"])
      .optional(),
    /**
     * The billing clock's tick on the job queue, a cron expression (default every minute); `off`: no tick
     * from this instance (the cron route or another instance ticks).
     */
    BILLING_CLOCK_CRON: z
      .string()
      .max(100)
      .default("* * * * *")
      .transform((cron) => (cron.trim() === "off" ? null : cron.trim())),
    /** `off`: this instance serves requests only and takes no background jobs. */
    JOB_WORKERS: z.enum(["on", "off"]).default("on"),
    /** The job lease: a job running this long is taken back and retried (a killed instance). */
    JOB_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
    /** How often an idle worker polls, and how often expired leases are taken back. */
    JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
    JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    ...stripeEnvShape,
    ...mailEnvShape,
  })
  .refine(...stripeWebhookSecretRequired)
  .refine(...mailFromRequired);

let cached: z.infer<typeof apiEnvSchema> | undefined;

export function apiEnv(): z.infer<typeof apiEnvSchema> {
  if (cached) return cached;
  const parsed = apiEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  cached = parsed.data;
  return cached;
}
