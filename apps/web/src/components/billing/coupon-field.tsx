"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useId } from "react";

import { useTRPC } from "~/trpc/react";

import { useDebounced } from "./use-debounced";

/**
 * A coupon code checked as you type (debounced): the public route when signed out (one generic
 * message), the organization-aware route when signed in (the precise reason). Read-only: never redeems.
 */
export function CouponField(props: {
  value: string;
  onChange: (code: string) => void;
  onValidity: (valid: boolean) => void;
  signedIn: boolean;
  planId: string | undefined;
  cycle: "monthly" | "yearly";
}) {
  const { value, onChange, onValidity, signedIn, planId, cycle } = props;
  const trpc = useTRPC();
  const id = useId();
  const code = useDebounced(value.trim(), 400);
  const publicCheck = useMutation(trpc.payments.coupons.validatePublic.mutationOptions());
  const orgCheck = useMutation(trpc.payments.coupons.validate.mutationOptions());
  const check = signedIn ? orgCheck : publicCheck;
  const { mutate, reset } = check;

  useEffect(() => {
    onValidity(false);
    if (!code) {
      reset();
      return;
    }
    mutate(
      { code, ...(planId ? { licenseTypeId: planId } : {}), billingCycle: cycle },
      { onSuccess: (result) => onValidity(result.valid) },
    );
  }, [code, planId, cycle, mutate, reset, onValidity]);

  const result = code ? check.data : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        Coupon code
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="e.g. WELCOME20"
        aria-describedby={`${id}-status`}
        autoComplete="off"
        className="rounded-md border border-slate-300 px-3 py-2 text-sm uppercase"
      />
      <p id={`${id}-status`} role="status" aria-live="polite" className="min-h-5 text-sm">
        {!code ? null : check.isPending ? (
          <span className="text-slate-500">Checking…</span>
        ) : result?.valid ? (
          <span className="text-emerald-700" data-testid="coupon-ok">
            ✓ {result.coupon.name}
          </span>
        ) : result ? (
          <span className="text-red-600" data-testid="coupon-invalid">
            {result.message}
          </span>
        ) : check.isError ? (
          <span className="text-red-600">Could not check the code right now.</span>
        ) : null}
      </p>
    </div>
  );
}
