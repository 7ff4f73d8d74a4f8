"use client";

import { useId } from "react";

import type { CouponCheck } from "./use-coupon-check";

/**
 * The coupon input and the state of its check (useCouponCheck). Only an answer for the code on screen is
 * shown: while a new code waits for its check the line says so, never the previous code's result.
 */
export function CouponField(props: {
  value: string;
  onChange: (code: string) => void;
  check: CouponCheck;
}) {
  const { value, onChange, check } = props;
  const id = useId();
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
        aria-invalid={check.status === "invalid" || check.status === "error" ? true : undefined}
        autoComplete="off"
        maxLength={64}
        className="rounded-md border border-slate-300 px-3 py-2 text-sm uppercase"
      />
      <p
        id={`${id}-status`}
        role="status"
        aria-live="polite"
        className="min-h-5 text-sm"
        data-testid="coupon-status"
        data-code={check.status === "empty" ? "" : check.code}
      >
        {check.status === "pending" ? (
          <span className="text-slate-500">Checking {check.code}…</span>
        ) : check.status === "valid" ? (
          <span className="text-emerald-700" data-testid="coupon-ok">
            ✓ {check.code}: {check.name}
          </span>
        ) : check.status === "invalid" ? (
          <span className="text-red-600" data-testid="coupon-invalid">
            {check.code}: {check.message}
          </span>
        ) : check.status === "error" ? (
          <span className="text-red-600" data-testid="coupon-invalid">
            Could not check {check.code} right now. Try again, or clear the code.
          </span>
        ) : null}
      </p>
    </div>
  );
}
