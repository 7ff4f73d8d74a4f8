import type { OpenApiMeta } from "trpc-to-openapi";

type Method = "GET" | "POST" | "PUT" | "DELETE";

const COMMON_ERRORS: Record<number, string> = {
  400: "Invalid input",
  401: "Missing or invalid token",
  403: "Role not allowed",
  404: "Not found",
};

/** OpenAPI meta of a payments route: path under /payments, tag, summary, description, error responses. */
export function route(
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
      path: `/payments${path}`,
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
