/**
 * POST /v1/webhooks/stripe: a Next.js route of its own, because the signature is computed over the raw
 * body (the REST adapter parses JSON first). 200 `{ received, duplicate }` only after the effect
 * committed; 400 for a bad or stale signature; 404 on the LOCAL gateway; 5xx makes Stripe retry.
 */
import { processGatewayEvent } from "@salesos/billing";
import { getDb, type Db } from "@salesos/db";
import { log } from "@salesos/log";
import { AppError } from "@salesos/validators";

import { billingDepsFor } from "./billing";
import { ERROR_TABLE } from "./errors";
import { requestIdField } from "./rest-response";

const MAX_BODY = 512 * 1024;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

export async function handleStripeWebhook(req: Request, opts: { db?: Db } = {}): Promise<Response> {
  const rawBody = await req.text();
  if (rawBody.length > MAX_BODY)
    return json(413, {
      code: "BAD_REQUEST",
      message: "The webhook body is too large.",
      ...requestIdField(),
    });
  try {
    const result = await processGatewayEvent(billingDepsFor(opts.db ?? getDb()), {
      rawBody,
      signature: req.headers.get("stripe-signature"),
      now: new Date(),
    });
    return json(200, { received: true, duplicate: result.duplicate });
  } catch (error) {
    if (error instanceof AppError) {
      const status = ERROR_TABLE[error.code].http;
      if (status < 500)
        return json(status, { code: error.code, message: error.message, ...requestIdField() });
    }
    // Logged without the body (it may name a customer); Stripe delivers the event again.
    log().error(
      { error: error instanceof Error ? error.message : String(error) },
      "POST /v1/webhooks/stripe failed",
    );
    return json(500, {
      code: "INTERNAL_SERVER_ERROR",
      message: "The event could not be processed.",
      ...requestIdField(),
    });
  }
}
