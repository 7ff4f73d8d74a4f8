import { z } from "zod";

/**
 * The STRIPE gateway's environment, validated by the server at boot and by the API: the same rules in
 * one place. Unset key: the embedded LOCAL gateway.
 */
export const stripeEnvShape = {
  /** Set: the STRIPE gateway (sk_test_… or sk_live_…). */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(
      /^(sk|rk)_(test|live)_\w+$/,
      "STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…).",
    )
    .optional(),
  /** The signing secret of the webhook endpoint (whsec_…); required with STRIPE_SECRET_KEY. */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, "STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…).")
    .optional(),
  /** The Stripe test server (tests and demos only); unset = api.stripe.com. */
  STRIPE_API_URL: z.url("STRIPE_API_URL must be a URL (the Stripe test server).").optional(),
};

/** For `.refine()`: a secret key needs its webhook signing secret. */
export const stripeWebhookSecretRequired: [
  (env: {
    STRIPE_SECRET_KEY?: string | undefined;
    STRIPE_WEBHOOK_SECRET?: string | undefined;
  }) => boolean,
  { message: string; path: string[] },
] = [
  (env) => !env.STRIPE_SECRET_KEY || Boolean(env.STRIPE_WEBHOOK_SECRET),
  {
    message: "STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set.",
    path: ["STRIPE_WEBHOOK_SECRET"],
  },
];

/** The STRIPE gateway's configuration from validated env: undefined (LOCAL) without a secret key. */
export function stripeGatewayConfig(env: {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_WEBHOOK_SECRET?: string | undefined;
  STRIPE_API_URL?: string | undefined;
}): { secretKey: string; webhookSecret: string; apiUrl: string | undefined } | undefined {
  if (!env.STRIPE_SECRET_KEY) return undefined;
  if (!env.STRIPE_WEBHOOK_SECRET) throw new Error(stripeWebhookSecretRequired[1].message);
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    apiUrl: env.STRIPE_API_URL,
  };
}

/** For command-line scripts: the STRIPE variables of `process.env`, validated by the same rules. */
export function stripeGatewayConfigFromProcessEnv() {
  return stripeGatewayConfig(
    z
      .object(stripeEnvShape)
      .refine(...stripeWebhookSecretRequired)
      .parse(process.env),
  );
}
