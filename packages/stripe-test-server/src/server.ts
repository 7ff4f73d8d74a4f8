import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import qs from "qs";

import type { Ctx, Route } from "./context";
import { StripeApiError } from "./errors";
import { expand } from "./expand";
import {
  checkoutReturn,
  checkoutPage,
  submitCheckout,
  submitThreeDS,
  threeDSPage,
  type HostedReply,
} from "./hosted/pages";
import { newId } from "./ids";
import { expandList, type Params } from "./params";
import { checkoutSessionRoutes } from "./resources/checkout-sessions";
import { customerRoutes } from "./resources/customers";
import { closeDispute, disputeRoutes, openDispute } from "./resources/disputes";
import { addEndpoint, eventRoutes } from "./resources/events";
import { paymentIntentRoutes } from "./resources/payment-intents";
import { paymentMethodRoutes } from "./resources/payment-methods";
import { refundRoutes } from "./resources/refunds";
import { setupIntentRoutes } from "./resources/setup-intents";
import { Store } from "./store";
import { Faults } from "./faults";
import { Idempotency } from "./idempotency";
import { Webhooks } from "./webhooks";
import { controlRoute } from "./control";

const ROUTES: Route[] = [
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...paymentIntentRoutes,
  ...setupIntentRoutes,
  ...refundRoutes,
  ...disputeRoutes,
  ...checkoutSessionRoutes,
  ...eventRoutes,
];

const MAX_BODY = 1024 * 1024;

export interface StripeTestServer {
  url: string;
  port: number;
  store: Store;
  webhooks: Webhooks;
  faults: Faults;
  /** A bank opens a chargeback on this payment intent's charge (charge.dispute.created). */
  dispute(paymentIntentId: string, reason?: string): { id: string };
  /** The bank decides the dispute (charge.dispute.closed). */
  closeDispute(id: string, status: "won" | "lost"): void;
  /** Registers a webhook endpoint for every event type (`secret` defaults to a new `whsec_`). */
  addWebhookEndpoint(url: string, secret?: string): { id: string; secret: string };
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new StripeApiError(413, {
        type: "invalid_request_error",
        message: "Request too large.",
      });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendHosted(res: ServerResponse, reply: HostedReply) {
  if (reply.location) {
    res.writeHead(reply.status, { Location: reply.location });
    res.end();
    return;
  }
  res.writeHead(reply.status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(reply.html ?? "");
}

function authorized(req: IncomingMessage, apiKey: string | undefined): boolean {
  const header = req.headers.authorization ?? "";
  // Bearer, or Basic with the key as the user name (`curl -u sk_test_…:`), as Stripe accepts both.
  const key = header.startsWith("Bearer ")
    ? header.slice(7)
    : header.startsWith("Basic ")
      ? Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0]!
      : "";
  return apiKey ? key === apiKey : key.startsWith("sk_test_");
}

/** Starts the server on 127.0.0.1 (port 0 = any free port). */
export async function startStripeTestServer(
  options: { port?: number; host?: string; apiKey?: string } = {},
): Promise<StripeTestServer> {
  const store = new Store();
  const webhooks = new Webhooks(store);
  const faults = new Faults();
  const idempotency = new Idempotency();
  let baseUrl = "";

  const hosted = async (req: IncomingMessage, res: ServerResponse, path: string, ctx: Ctx) => {
    const form =
      req.method === "POST" ? (qs.parse(await readBody(req)) as Record<string, string>) : {};
    const checkout = /^\/test\/checkout\/([^/]+)(\/return)?$/.exec(path);
    if (checkout) {
      const id = checkout[1]!;
      if (checkout[2]) return sendHosted(res, checkoutReturn(ctx, id));
      return sendHosted(
        res,
        req.method === "POST" ? submitCheckout(ctx, id, form) : checkoutPage(ctx, id),
      );
    }
    const threeDS = /^\/test\/3ds\/([^/]+)$/.exec(path);
    if (threeDS)
      return sendHosted(
        res,
        req.method === "POST"
          ? submitThreeDS(ctx, threeDS[1]!, form.outcome ?? "")
          : threeDSPage(ctx, threeDS[1]!),
      );
    return sendHosted(res, { status: 404, html: "Not found" });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", baseUrl);
    const method = (req.method ?? "GET").toUpperCase();
    const requestId = newId("req", 14);
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const ctx: Ctx = {
      store,
      baseUrl,
      params: {},
      ids: [],
      emit: (type, object, previous) =>
        webhooks.emit(type, object, previous, { id: requestId, idempotency_key: idempotencyKey }),
    };
    if (url.pathname.startsWith("/test/control"))
      return controlRoute(req, res, {
        url,
        readBody: () => readBody(req),
        faults,
        webhooks,
        store,
        emit: (type, object, previous) => ctx.emit(type, object, previous),
      });
    if (url.pathname.startsWith("/test/")) return hosted(req, res, url.pathname, ctx);

    const headers = {
      "Request-Id": requestId,
      "Stripe-Version": String(req.headers["stripe-version"] ?? ""),
    };
    if (!authorized(req, options.apiKey)) {
      return send(
        res,
        401,
        {
          error: { type: "invalid_request_error", message: "Invalid API Key provided." },
        },
        headers,
      );
    }

    const route = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
    if (!route)
      return send(
        res,
        404,
        {
          error: {
            type: "invalid_request_error",
            message: `Unrecognized request URL (${method}: ${url.pathname}).`,
          },
        },
        headers,
      );
    // The whole request is in before a fault strikes: a hang or a lost answer happens after Stripe got it.
    const raw = method === "GET" ? url.search.slice(1) : await readBody(req);
    const fault = faults.take(`${method} ${url.pathname}`);
    if (fault?.kind === "error")
      return send(
        res,
        fault.status,
        { error: { type: "api_error", message: "An unknown error occurred (injected)." } },
        headers,
      );
    if (fault?.kind === "hang") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const params = qs.parse(raw, { depth: 10, arrayLimit: 1000, parameterLimit: 5000 }) as Params;
    ctx.params = params;
    ctx.ids = route.pattern.exec(url.pathname)!.slice(1).map(decodeURIComponent);

    const run = async (): Promise<{ status: number; body: unknown }> => {
      try {
        const reply = await route.handler(ctx);
        return { status: reply.status ?? 200, body: expand(store, reply.body, expandList(params)) };
      } catch (error) {
        if (error instanceof StripeApiError)
          return { status: error.status, body: { error: error.body } };
        throw error;
      }
    };
    const outcome =
      method === "POST" && idempotencyKey
        ? await idempotency.run(idempotencyKey, `${method} ${url.pathname} ${raw}`, run)
        : { ...(await run()), replayed: false };
    if (fault?.kind === "drop") {
      // The request ran; its answer is lost on the way back (the socket dies).
      res.destroy();
      return;
    }
    send(res, outcome.status, outcome.body, {
      ...headers,
      ...(outcome.replayed ? { "Idempotent-Replayed": "true" } : {}),
      ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof StripeApiError ? error.status : 500;
      const body =
        error instanceof StripeApiError
          ? { error: error.body }
          : {
              error: {
                type: "api_error",
                message: error instanceof Error ? error.message : "error",
              },
            };
      if (!res.headersSent) send(res, status, body);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const { port } = server.address() as AddressInfo;
  const systemEmit: Ctx["emit"] = (type, object, previous) => webhooks.emit(type, object, previous);
  baseUrl = `http://${options.host ?? "127.0.0.1"}:${port}`;
  return {
    url: baseUrl,
    port,
    store,
    webhooks,
    faults,
    dispute(paymentIntentId, reason) {
      return openDispute(
        { store, emit: systemEmit },
        { paymentIntentId, ...(reason ? { reason } : {}) },
      );
    },
    closeDispute(id, status) {
      closeDispute({ store, emit: systemEmit }, { id, status });
    },
    addWebhookEndpoint(url, secret) {
      const endpoint = addEndpoint(
        { store },
        { url, events: ["*"], ...(secret ? { secret } : {}) },
      );
      return { id: endpoint.id, secret: endpoint.secret };
    },
    close: async () => {
      await webhooks.idle();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
