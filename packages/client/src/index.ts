import createClient, { type Client } from "openapi-fetch";

import type { components, paths } from "./generated/schema";

export type { components, paths };
export type SalesOsClient = Client<paths>;

/**
 * A typed client of the SalesOS Billing REST API (generated from its OpenAPI document).
 * `baseUrl` is the app's origin + "/v1", e.g. "https://billing.example.com/v1".
 */
export function createSalesOsClient(opts: {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
}): SalesOsClient {
  return createClient<paths>({
    baseUrl: opts.baseUrl,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
  });
}
