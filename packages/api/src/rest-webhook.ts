/**
 * POST /v1/webhooks/stripe: a Next.js route of its own, because the signature is computed over the raw
 * body (the REST adapter parses JSON first). 200 `{ received, duplicate }` after the effect committed,
 * or `{ received, deferred: true }` when applying it failed and the verified event went to the job queue
 * (`gateway.event`: retried in seconds, then visible to staff) instead of waiting for Stripe's own retries
 * hours apart; 400 for a bad or stale signature; 404 on the LOCAL gateway; 5xx only if even that failed.
 */
import { processGatewayEvent, type GatewayEvent } from "@salesos/billing";
import { getDatabase, getDb, type Db } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { billingDepsFor } from "./billing";
import { ERROR_TABLE } from "./errors";
import { startJobs } from "./jobs";

const MAX_BODY = 512 * 1024;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** The process's job queue takes a failed event; a caller with its own database (tests) says how, or not. */
const deferToQueue = async (event: GatewayEvent) =>
  (await startJobs(getDatabase())).deferGatewayEvent(event);

export async function handleStripeWebhook(
  req: Request,
  opts: { db?: Db; defer?: (event: GatewayEvent) => Promise<void> } = {},
): Promise<Response> {
  const rawBody = await req.text();
  if (rawBody.length > MAX_BODY)
    return json(413, { code: "BAD_REQUEST", message: "The webhook body is too large." });
  try {
    const result = await processGatewayEvent(billingDepsFor(opts.db ?? getDb()), {
      rawBody,
      signature: req.headers.get("stripe-signature"),
      now: new Date(),
      defer: opts.db ? opts.defer : deferToQueue,
    });
    return json(200, {
      received: true,
      duplicate: result.duplicate,
      ...(result.deferred ? { deferred: true } : {}),
    });
  } catch (error) {
    if (error instanceof AppError) {
      const status = ERROR_TABLE[error.code].http;
      if (status < 500) return json(status, { code: error.code, message: error.message });
    }
    // Logged without the body (it may name a customer); Stripe delivers the event again.
    console.error(
      "POST /v1/webhooks/stripe failed:",
      error instanceof Error ? error.message : error,
    );
    return json(500, {
      code: "INTERNAL_SERVER_ERROR",
      message: "The event could not be processed.",
    });
  }
}
