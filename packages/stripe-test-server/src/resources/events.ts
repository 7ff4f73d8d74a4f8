import { type Ctx, listOf, ok, route, type Route } from "../context";
import { invalidRequest, noSuch } from "../errors";
import { newId, unixNow } from "../ids";
import { allowOnly, mergeMetadata, requiredStr, str } from "../params";
import type { StripeObject } from "../store";
import { API_VERSION } from "../webhooks";

function enabledEvents(ctx: Ctx): string[] {
  const raw = ctx.params.enabled_events;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? Object.values(raw) : [];
  if (list.length === 0)
    throw invalidRequest(
      "Missing required param: enabled_events.",
      "enabled_events",
      "parameter_missing",
    );
  return list.map(String);
}

/** A webhook endpoint; the `whsec_` secret is returned only when it is created (as Stripe does). */
export function addEndpoint(
  ctx: Pick<Ctx, "store">,
  args: { url: string; events: string[]; secret?: string; description?: string | null },
): StripeObject & { secret: string } {
  const endpoint = {
    id: newId("we"),
    object: "webhook_endpoint",
    api_version: API_VERSION,
    application: null,
    created: unixNow(),
    description: args.description ?? null,
    enabled_events: args.events,
    livemode: false,
    metadata: {},
    status: "enabled",
    url: args.url,
    secret: args.secret ?? newId("whsec", 32),
  };
  ctx.store.webhookEndpoints.set(endpoint.id, endpoint);
  return endpoint;
}

/** Without its signing secret (shown once, at creation). */
function publicEndpoint(endpoint: StripeObject & { secret?: string }): StripeObject {
  const copy: StripeObject & { secret?: string } = { ...endpoint };
  delete copy.secret;
  return copy;
}

export const eventRoutes: Route[] = [
  route("GET", "/v1/events", (ctx) => {
    allowOnly(ctx.params, [
      "type",
      "types",
      "limit",
      "starting_after",
      "ending_before",
      "created",
      "delivery_success",
    ]);
    const type = str(ctx.params, "type");
    const all = [...ctx.store.events.values()].filter((e) => !type || e.type === type);
    return listOf(all, ctx.params, "/v1/events");
  }),
  route("GET", "/v1/events/:id", (ctx) => {
    const event = ctx.store.events.get(ctx.ids[0]!);
    if (!event) throw noSuch("event", ctx.ids[0]!);
    return ok(event);
  }),
  route("POST", "/v1/webhook_endpoints", (ctx) => {
    allowOnly(ctx.params, ["url", "enabled_events", "description", "metadata", "api_version"]);
    const endpoint = addEndpoint(ctx, {
      url: requiredStr(ctx.params, "url"),
      events: enabledEvents(ctx),
      description: str(ctx.params, "description") ?? null,
    });
    endpoint.metadata = mergeMetadata({}, ctx.params);
    return ok(endpoint);
  }),
  route("GET", "/v1/webhook_endpoints", (ctx) => {
    allowOnly(ctx.params, ["limit", "starting_after", "ending_before"]);
    return listOf(
      [...ctx.store.webhookEndpoints.values()].map(publicEndpoint),
      ctx.params,
      "/v1/webhook_endpoints",
    );
  }),
  route("GET", "/v1/webhook_endpoints/:id", (ctx) => {
    const endpoint = ctx.store.webhookEndpoints.get(ctx.ids[0]!);
    if (!endpoint) throw noSuch("webhook_endpoint", ctx.ids[0]!);
    return ok(publicEndpoint(endpoint));
  }),
  route("DELETE", "/v1/webhook_endpoints/:id", (ctx) => {
    const endpoint = ctx.store.webhookEndpoints.get(ctx.ids[0]!);
    if (!endpoint) throw noSuch("webhook_endpoint", ctx.ids[0]!);
    ctx.store.webhookEndpoints.delete(endpoint.id);
    return ok({ id: endpoint.id, object: "webhook_endpoint", deleted: true });
  }),
];
