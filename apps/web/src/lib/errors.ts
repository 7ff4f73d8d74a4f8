import { TRPCClientError } from "@trpc/client";

import type { AppRouter } from "@salesos/api";

export interface ApiErrorFacts {
  code: string;
  message: string;
  issues: { path: string; message: string }[];
  details: Record<string, unknown> | undefined;
}

/**
 * What a person reads when a call failed for a reason that is not theirs to fix in the form: plain words
 * by the API's stable code, never a parser's or the browser's own text ("Failed to fetch",
 * "Unexpected token 'I'…"). Domain errors (a declined card, a taken email) keep the API's message, which
 * is written for people.
 */
const PLAIN: Record<string, string> = {
  NETWORK: "We could not reach SalesOS. Check your connection, then try again.",
  INTERNAL_SERVER_ERROR: "Something went wrong on our side. Try again in a moment.",
  SERVICE_UNAVAILABLE: "SalesOS is briefly unavailable. Try again in a moment.",
  RATE_LIMITED: "Too many requests in a short time. Wait a minute, then try again.",
  UNAUTHORIZED: "Your session has ended. Sign in again to continue.",
  CONFLICT: "Something else changed this at the same moment. Try again.",
};

/** A failure with no answer from our API at all: the network, or something in between that is not us. */
function withoutApiAnswer(error: TRPCClientError<AppRouter>): "NETWORK" | "INTERNAL_SERVER_ERROR" {
  const cause = error.cause;
  const text = `${error.message} ${cause instanceof Error ? cause.message : ""}`;
  return /fetch|network|load failed|aborted/i.test(text) ? "NETWORK" : "INTERNAL_SERVER_ERROR";
}

/** The stable code, message and field issues of a failed tRPC call (see the API's error formatter). */
export function apiError(error: unknown): ApiErrorFacts {
  if (error instanceof TRPCClientError && !error.data) {
    const code = withoutApiAnswer(error as TRPCClientError<AppRouter>);
    return { code, message: PLAIN[code]!, issues: [], details: undefined };
  }
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as
      | {
          appCode?: string;
          issues?: { path: string; message: string }[];
          details?: Record<string, unknown>;
        }
      | undefined;
    const code = data?.appCode ?? "INTERNAL_SERVER_ERROR";
    return {
      code,
      message: PLAIN[code] ?? error.message,
      issues: data?.issues ?? [],
      details: data?.details,
    };
  }
  return {
    code: "INTERNAL_SERVER_ERROR",
    message: PLAIN.INTERNAL_SERVER_ERROR!,
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
