import { z } from "zod";

const authEnvSchema = z.object({
  AUTH_SECRET: z
    .string({
      message:
        "AUTH_SECRET is required: a random string of at least 32 characters (openssl rand -base64 32).",
    })
    .min(32, "AUTH_SECRET must be at least 32 characters long."),
  /** Sign-in attempts per account per minute (per client address: five times as many, for shared offices). */
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
});

export type AuthEnv = z.infer<typeof authEnvSchema>;

let cached: AuthEnv | undefined;

/** Validated once, on first use (the web app calls it at boot so a bad value stops the start). */
export function authEnv(source: Record<string, string | undefined> = process.env): AuthEnv {
  if (cached && source === process.env) return cached;
  const parsed = authEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}
