/**
 * The `route` label of the request-duration histogram: a template, never a raw path, so ids do not each
 * make a time series (and a scanner cannot grow the metrics without bound). /v1 paths are matched against
 * the OpenAPI document's own templates; /api/trpc uses the procedure name.
 */
import { openApiDocument } from "../openapi";
import { appRouter } from "../root";

export interface Template {
  pattern: RegExp;
  label: string;
}

let templates: Template[] | undefined;
let procedures: Set<string> | undefined;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The OpenAPI paths as patterns, fixed ones first ("/plans/public" before "/plans/{id}"). */
function v1Templates(): Template[] {
  if (templates) return templates;
  const paths = Object.keys(openApiDocument().paths ?? {});
  templates = paths
    .map((path) => ({
      params: (path.match(/\{[^}]+\}/g) ?? []).length,
      label: `/v1${path}`,
      pattern: new RegExp(
        `^/v1${path
          .split(/(\{[^}]+\})/)
          .map((part) => (part.startsWith("{") ? "[^/]+" : escape(part)))
          .join("")}$`,
      ),
    }))
    .sort((a, b) => a.params - b.params)
    .map(({ pattern, label }) => ({ pattern, label }));
  return templates;
}

function procedureNames(): Set<string> {
  return (procedures ??= new Set(Object.keys(appRouter._def.procedures)));
}

const FIXED = new Set([
  "/healthz",
  "/readyz",
  "/metrics",
  "/v1/openapi.json",
  "/v1/webhooks/stripe",
]);

/**
 * The app's page templates, from the build's route manifest (`.next/app-path-routes-manifest.json`'s
 * values: "/checkout/[sessionId]"), fixed ones first. Routes under /api and /v1 are labelled above.
 */
export function pageTemplates(routes: string[]): Template[] {
  return routes
    .filter((route) => !/^\/(api|v1|_)/.test(route))
    .map((route) => {
      const parts = route
        .split("/")
        .map((part) =>
          part.startsWith("[[...")
            ? "[[...]]"
            : part.startsWith("[...")
              ? ".+"
              : part.startsWith("[")
                ? "[^/]+"
                : escape(part),
        );
      // An optional catch-all ("/docs/[[...slug]]") also matches its parent ("/docs").
      const source = parts.join("/").replace("/[[...]]", "(?:/.*)?");
      return {
        label: route,
        pattern: new RegExp(`^${source}/?$`),
        dynamic: route.includes("["),
      };
    })
    .sort((a, b) => Number(a.dynamic) - Number(b.dynamic))
    .map(({ label, pattern }) => ({ label, pattern }));
}

export function routeLabel(pathname: string, pages: Template[] = []): string {
  if (FIXED.has(pathname)) return pathname;
  if (pathname.startsWith("/v1/")) {
    return v1Templates().find((t) => t.pattern.test(pathname))?.label ?? "/v1 (no route)";
  }
  if (pathname.startsWith("/api/trpc/")) {
    const names = pathname.slice("/api/trpc/".length).split(",");
    if (names.length > 1) return "trpc (batch)";
    return procedureNames().has(names[0]!) ? `trpc ${names[0]}` : "trpc (no procedure)";
  }
  if (pathname.startsWith("/api/auth/")) return "/api/auth";
  if (pathname.startsWith("/api/cron/")) return pathname.split("/").slice(0, 4).join("/");
  if (pathname.startsWith("/_next/")) return "/_next (assets)";
  // Pages by their template; anything else (a 404, a static file) in one bucket.
  return pages.find((t) => t.pattern.test(pathname))?.label ?? "pages (other)";
}
