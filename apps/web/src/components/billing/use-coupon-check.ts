import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

import { useTRPC } from "~/trpc/react";

import { useDebounced } from "./use-debounced";

/** The state of the code on screen. A result always names the code it checked. */
export type CouponCheck =
  | { status: "empty" }
  | { status: "pending"; code: string }
  | { status: "valid"; code: string; name: string }
  | { status: "invalid"; code: string; message: string }
  | { status: "error"; code: string };

/** A code as the server matches it (trimmed, case-insensitive): the key a check's answer is kept under. */
export function couponKey(typed: string): string {
  return typed.trim().toUpperCase();
}

type Answer = { valid: true; coupon: { name: string } } | { valid: false; message: string };

function stateOf(code: string, answer: Answer): CouponCheck {
  return answer.valid
    ? { status: "valid", code, name: answer.coupon.name }
    : { status: "invalid", code, message: answer.message };
}

/**
 * Checks the typed coupon code as you type (debounced): the public route when signed out (one generic
 * message), the organization-aware route when signed in (the precise reason). Read-only: never redeems.
 *
 * Answers live in the query cache under the code they checked, so an answer that arrives after the code
 * changed is never shown beside the new one, and `settle` (what Choose calls) waits for the answer for
 * exactly the code on screen — reusing a finished or running check, never an older code's.
 */
export function useCouponCheck(args: {
  typed: string;
  signedIn: boolean;
  cycle: "monthly" | "yearly";
}) {
  const { signedIn, cycle } = args;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { mutateAsync: checkPublic } = useMutation(
    trpc.payments.coupons.validatePublic.mutationOptions(),
  );
  const { mutateAsync: checkForOrganization } = useMutation(
    trpc.payments.coupons.validate.mutationOptions(),
  );
  const optionsFor = useCallback(
    (code: string) => ({
      queryKey: ["coupon-check", signedIn ? "organization" : "public", cycle, code] as const,
      queryFn: (): Promise<Answer> =>
        (signedIn ? checkForOrganization : checkPublic)({ code, billingCycle: cycle }),
      // A code's answer holds for a minute; a failure (429, network) is shown, not retried behind it.
      staleTime: 60_000,
      retry: false,
    }),
    [signedIn, cycle, checkForOrganization, checkPublic],
  );

  const code = couponKey(args.typed);
  const debounced = useDebounced(code, 400);
  const query = useQuery({ ...optionsFor(debounced), enabled: debounced !== "" });

  let check: CouponCheck;
  if (!code) check = { status: "empty" };
  else if (debounced !== code || query.isPending) check = { status: "pending", code };
  else if (query.isError) check = { status: "error", code };
  else check = stateOf(code, query.data);

  /** The answer for the code on screen now: waits for its check, or starts it. */
  const settle = useCallback(async (): Promise<CouponCheck> => {
    if (!code) return { status: "empty" };
    try {
      return stateOf(code, await queryClient.fetchQuery(optionsFor(code)));
    } catch {
      return { status: "error", code };
    }
  }, [code, optionsFor, queryClient]);

  return { check, settle };
}
