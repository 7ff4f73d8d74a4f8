import { z } from "zod";

import {
  mailEnvShape,
  mailFromRequired,
  stripeEnvShape,
  stripeWebhookSecretRequired,
} from "@salesos/validators";

import { productionStartProblems } from "./deployment";

/**
 * The server's environment, validated at boot (instrumentation.ts) with readable messages.
 * No secret has a default: AUTH_SECRET is generated into .env.local by `pnpm dev` / embedded `pnpm start`.
 */
const serverEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    AUTH_SECRET: z
      .string({
        message:
          "AUTH_SECRET is missing: set a random string of 32+ characters (openssl rand -base64 32).",
      })
      .min(32, "AUTH_SECRET must be at least 32 characters."),
    DATABASE_URL: z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        "DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded database).",
      )
      .optional(),
    PGLITE_DIR: z.string().optional(),
    NEXTAUTH_URL: z
      .url("NEXTAUTH_URL must be the app's public URL, e.g. https://billing.example.com")
      .optional(),
    CRON_SECRET: z.string().min(32, "CRON_SECRET must be at least 32 characters.").optional(),
    /** "1": a public production start on the embedded database on purpose (one instance). */
    EMBEDDED: z.enum(["0", "1"], "EMBEDDED must be 1 or unset.").optional(),
    /** Bearer token for GET /metrics (Prometheus); unset, /metrics answers 404. */
    METRICS_TOKEN: z.string().min(32, "METRICS_TOKEN must be at least 32 characters.").optional(),
    /** pino's level for the server's JSON logs. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    ...stripeEnvShape,
    ...mailEnvShape,
  })
  .refine(...stripeWebhookSecretRequired)
  .refine(...mailFromRequired)
  .superRefine((env, ctx) => {
    // The same rules `pnpm start` applies before it opens anything (scripts/serve.ts).
    if (env.NODE_ENV !== "production") return;
    for (const message of productionStartProblems(env)) ctx.addIssue({ code: "custom", message });
  });

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function validateServerEnv(
  source: Record<string, string | undefined> = process.env,
): ServerEnv {
  const parsed = serverEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  - ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`,
    );
    throw new Error(
      `SalesOS Billing cannot start, the environment is invalid:\n${lines.join("\n")}`,
    );
  }
  return parsed.data;
}
