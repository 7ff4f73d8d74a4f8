/**
 * What the OpenAPI fuzz run holds every answer to whatever the seed: the status some inputs must get
 * (too big, too deep), and the fixed examples sent on every route.
 */
import { bodyLimitBytes } from "../src/body-limits";
import type { FuzzHints } from "./fuzz-arbitraries";
import { twoMbString } from "./fuzz-hostile";
import { bodyBytes, withSummary } from "./fuzz-request-text";
import {
  BODY_METHODS,
  WEBHOOK,
  type Auth,
  type Body,
  type FuzzRequest,
  type Route,
} from "./fuzz-requests";

/** What the answer must be for some inputs whatever else happens: a body too big or too deep is 413. */
export function expectedStatus(route: Route, req: FuzzRequest): number | null {
  if (req.method !== route.method || route.path === "/openapi.json") return null;
  const size = bodyBytes(req.body)?.length ?? 0;
  if (req.method !== "GET" && size > bodyLimitBytes()) return 413;
  if (req.body.kind === "deep" && BODY_METHODS.includes(req.method) && route.path !== WEBHOOK)
    return 413;
  return null;
}

/**
 * The same inputs on every route, whatever the seed: what the fuzzer once found (a malformed escape in a
 * path, dates JavaScript holds but the database cannot), and on body routes 10,000 levels, 2 MB, an empty
 * body, text that is not JSON, another content type.
 */
export function fixedExamples(route: Route, hintsNow: FuzzHints): [FuzzRequest][] {
  const id = Object.values(hintsNow.ids).flat()[0] ?? "x";
  const names = (route.op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
  // In one query parameter only too: `from` alone is not refused by the range's `from < to`.
  const url = (segment: string, value?: string, which: string[] = names) => {
    const q =
      value === undefined ? "" : which.map((n) => `${n}=${encodeURIComponent(value)}`).join("&");
    return `/v1${route.path.replace(/\{\w+\}/g, segment)}${q ? `?${q}` : ""}`;
  };
  const base = {
    method: route.method,
    url: url(id),
    auth: { as: route.path.startsWith("/admin") ? "staff" : "owner" } as Auth,
    contentType: null as string | null,
    headers: {},
    body: { kind: "none" } as Body,
  };
  const examples: FuzzRequest[] = [
    { ...base, url: url("%ED%A0%80", "+275760-09-13T00:00:00.000Z", names.slice(0, 1)) },
    { ...base, url: url("%E0%A4%A", "0000-01-01T00:00:00Z") },
    { ...base, url: url("%00", "-000001-01-01T00:00:00Z", names.slice(-1)) },
  ];
  if (BODY_METHODS.includes(route.method) || route.method === "DELETE") {
    const json = { ...base, contentType: "application/json" };
    examples.push(
      { ...json, body: { kind: "deep", depth: 10_000, object: false } },
      { ...json, body: { kind: "deep", depth: 10_000, object: true } },
      { ...json, body: { kind: "json", value: { x: twoMbString() } } },
      { ...json, body: { kind: "text", text: "{" } },
      { ...json, contentType: "text/plain", body: { kind: "text", text: "hello" } },
    );
  }
  return examples.map((req): [FuzzRequest] => [withSummary(req)]);
}
