import { z } from "zod";

const apiEnvSchema = z.object({
  /** Calls of POST /v1/auth/token per client address, and per email, per minute. */
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
});

let cached: z.infer<typeof apiEnvSchema> | undefined;

export function apiEnv(): z.infer<typeof apiEnvSchema> {
  if (cached) return cached;
  const parsed = apiEnvSchema.safeParse(process.env);
  if (!parsed.success)
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  cached = parsed.data;
  return cached;
}
