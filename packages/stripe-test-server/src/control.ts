import type { IncomingMessage, ServerResponse } from "node:http";

import type { Ctx } from "./context";
import type { Fault, Faults } from "./faults";
import { closeDispute, openDispute } from "./resources/disputes";
import type { Store } from "./store";
import type { DeliverySwitches, Webhooks } from "./webhooks";

/**
 * The switches, over HTTP, for tests in another process (the app's e2e suite drives `pnpm stripe:server`):
 * POST /test/control/faults `{ route, kind, status?, ms?, times? }`, DELETE /test/control/faults,
 * POST /test/control/webhooks `{ duplicate?, reorder?, delayMs?, drop?, retries? }`,
 * POST /test/control/webhooks/flush, GET /test/control/deliveries, GET /test/control/idle,
 * POST /test/control/disputes `{ payment_intent, reason? }`, POST /test/control/disputes/close `{ id, status }`.
 * Only on the test server, which listens on 127.0.0.1 and never runs in production.
 */
export async function controlRoute(
  req: IncomingMessage,
  res: ServerResponse,
  env: {
    url: URL;
    readBody: () => Promise<string>;
    faults: Faults;
    webhooks: Webhooks;
    store: Store;
    emit: Ctx["emit"];
  },
): Promise<void> {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const path = env.url.pathname.replace("/test/control", "");
  const method = req.method ?? "GET";
  const json = async () => {
    const text = await env.readBody();
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  if (path === "/faults" && method === "POST") {
    const body = await json();
    const kind = typeof body.kind === "string" ? body.kind : "error";
    const fault: Fault =
      kind === "hang"
        ? { kind: "hang", ms: Number(body.ms ?? 30_000) }
        : kind === "drop"
          ? { kind: "drop" }
          : { kind: "error", status: Number(body.status ?? 500) };
    env.faults.set(String(body.route), fault, Number(body.times ?? 1));
    return reply(200, { ok: true });
  }
  if (path === "/faults" && method === "DELETE") {
    env.faults.clear();
    return reply(200, { ok: true });
  }
  if (path === "/webhooks" && method === "POST") {
    const body = (await json()) as Partial<DeliverySwitches>;
    Object.assign(env.webhooks.switches, body);
    return reply(200, env.webhooks.switches);
  }
  if (path === "/webhooks/flush" && method === "POST") {
    env.webhooks.flush();
    return reply(200, { ok: true });
  }
  if (path === "/disputes" && method === "POST") {
    const body = await json();
    const dispute = openDispute(env, {
      paymentIntentId: typeof body.payment_intent === "string" ? body.payment_intent : "",
      ...(typeof body.reason === "string" ? { reason: body.reason } : {}),
    });
    return reply(200, dispute);
  }
  if (path === "/disputes/close" && method === "POST") {
    const body = await json();
    return reply(
      200,
      closeDispute(env, {
        id: typeof body.id === "string" ? body.id : "",
        status: body.status === "won" ? "won" : "lost",
      }),
    );
  }
  if (path === "/deliveries" && method === "GET") return reply(200, env.webhooks.log);
  if (path === "/idle" && method === "GET") {
    await env.webhooks.idle();
    return reply(200, { ok: true });
  }
  return reply(404, { error: "unknown control route" });
}
