import { TRPCClientError } from "@trpc/client";

import type { AppRouter } from "@salesos/api";

export interface ApiErrorFacts {
  code: string;
  message: string;
  issues: { path: string; message: string }[];
  details: Record<string, unknown> | undefined;
}

/** The stable code, message and field issues of a failed tRPC call (see the API's error formatter). */
export function apiError(error: unknown): ApiErrorFacts {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as
      | {
          appCode?: string;
          issues?: { path: string; message: string }[];
          details?: Record<string, unknown>;
        }
      | undefined;
    return {
      code: data?.appCode ?? "INTERNAL_SERVER_ERROR",
      message: error.message,
      issues: data?.issues ?? [],
      details: data?.details,
    };
  }
  return {
    code: "INTERNAL_SERVER_ERROR",
    message: error instanceof Error ? error.message : "Something went wrong.",
    issues: [],
    details: undefined,
  };
}

/**
 * A payment the bank wants the customer to confirm (STRIPE, 3-D Secure) answers 402 with where: the page
 * goes there, and the bank sends the customer back to /billing/confirm. True when it did.
 */
export function followBankConfirmation(error: unknown): boolean {
  const url = apiError(error).details?.confirmUrl;
  if (typeof url !== "string" || !/^https?:\/\//.test(url)) return false;
  window.location.assign(url);
  return true;
}

/** A form's errors by field (the first segment of each issue's path), from zod or from the API. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[] | string; message: string }[],
): Record<string, string> {
  return Object.fromEntries(
    issues.map((i) => [typeof i.path === "string" ? i.path : String(i.path[0] ?? ""), i.message]),
  );
}
