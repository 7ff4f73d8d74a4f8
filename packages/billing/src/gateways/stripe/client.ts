import Stripe from "stripe";

import type { CustomerProfile } from "../port";

/** The API version this code is written against; pinned, so a Stripe upgrade never changes behaviour. */
export const STRIPE_API_VERSION = "2026-10-28.endive";

export interface StripeGatewayConfig {
  secretKey: string;
  /** Verifies webhooks (whsec_…). */
  webhookSecret: string;
  /** Test server only (STRIPE_API_URL); unset = api.stripe.com. */
  apiUrl?: string | undefined;
  appUrl: string;
  /** Per-request timeout; a timeout is a retryable "provider unavailable". */
  timeoutMs?: number | undefined;
}

export function createStripeClient(config: StripeGatewayConfig): Stripe {
  const target = config.apiUrl ? new URL(config.apiUrl) : null;
  return new Stripe(config.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    // One retry of a lost connection, with the same idempotency key (Stripe replays, never charges twice).
    maxNetworkRetries: 1,
    timeout: config.timeoutMs ?? 20_000,
    appInfo: { name: "SalesOS Billing" },
    ...(target
      ? {
          host: target.hostname,
          port: Number(target.port || (target.protocol === "https:" ? 443 : 80)),
          protocol: target.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

export function customerParams(profile: CustomerProfile) {
  return {
    email: profile.email,
    name: profile.name,
    phone: profile.phone ?? "",
    address: {
      line1: profile.address.line1 ?? "",
      line2: profile.address.line2 ?? "",
      city: profile.address.city ?? "",
      state: profile.address.state ?? "",
      postal_code: profile.address.postalCode ?? "",
      country: profile.address.country ?? "",
    },
    // Stripe keeps tax ids as typed objects per country; ours is free text, kept where it cannot be lost.
    metadata: { organization_id: profile.organizationId, tax_id: profile.taxId ?? "" },
  };
}
