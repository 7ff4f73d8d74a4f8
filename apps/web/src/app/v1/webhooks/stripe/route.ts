// Stripe's webhooks: the raw body is needed for the signature, so this route is not the JSON adapter's.
import { handleStripeWebhook } from "@salesos/api/rest-webhook";

export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleStripeWebhook(req);
}
