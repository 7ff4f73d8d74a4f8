import type { OpenApiMeta } from "trpc-to-openapi";

type Method = "GET" | "POST" | "PUT" | "DELETE";

const COMMON_ERRORS: Record<number, string> = {
  400: "Invalid input",
  401: "Missing or invalid token",
  403: "Role not allowed",
  404: "Not found",
};

/** OpenAPI meta of a payments route: path under /payments, tag, summary, description, error responses. */
export function route(...args: RouteArgs) {
  return routeUnder("/payments", ...args);
}

/** OpenAPI meta of a staff route: path under /admin (403 for anyone but SalesOS staff). */
export function adminRoute(...args: RouteArgs) {
  const [method, path, tag, summary, description, opts = {}] = args;
  return routeUnder("/admin", method, path, `admin: ${tag}`, summary, description, {
    ...opts,
    errors: { 403: "SalesOS staff only", ...opts.errors },
  });
}

type RouteArgs = [
  method: Method,
  path: `/${string}`,
  tag: string,
  summary: string,
  description: string,
  opts?: { errors?: Record<number, string>; successStatus?: number; protect?: boolean },
];

function routeUnder(
  prefix: `/${string}`,
  method: Method,
  path: `/${string}`,
  tag: string,
  summary: string,
  description: string,
  opts: { errors?: Record<number, string>; successStatus?: number; protect?: boolean } = {},
): OpenApiMeta<{ successStatus?: number }> {
  return {
    openapi: {
      method,
      path: `${prefix}${path}`,
      tags: [tag],
      summary,
      description,
      protect: opts.protect ?? true,
      errorResponses: {
        ...(opts.protect === false ? { 400: "Invalid input" } : COMMON_ERRORS),
        ...opts.errors,
      },
      ...(opts.successStatus ? { successDescription: `${opts.successStatus}` } : {}),
    },
    ...(opts.successStatus ? { successStatus: opts.successStatus } : {}),
  };
}
