"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";

import { createCouponSchema } from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { SelectField } from "~/components/ui/select-field";
import { apiError, fieldErrors } from "~/lib/errors";
import { decimalToMinor } from "~/lib/money-input";
import { useTRPC } from "~/trpc/react";

const EMPTY = {
  code: "",
  name: "",
  kind: "PERCENT",
  percentOff: "",
  amountOff: "",
  currency: "usd",
  duration: "ONCE",
  durationMonths: "",
  maxRedemptions: "",
  maxRedemptionsPerOrganization: "",
  expiresAt: "",
  firstTimeOnly: false,
};
type Values = typeof EMPTY;

const int = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** The typed values as the API's input; the router's own schema then judges them (one set of rules). */
function toInput(v: Values) {
  return {
    code: v.code,
    name: v.name,
    ...(v.kind === "PERCENT"
      ? { percentOff: int(v.percentOff) }
      : { amountOff: decimalToMinor(v.amountOff, v.currency) ?? -1, currency: v.currency }),
    duration: v.duration,
    durationMonths: v.duration === "REPEATING" ? int(v.durationMonths) : undefined,
    maxRedemptions: int(v.maxRedemptions),
    maxRedemptionsPerOrganization: int(v.maxRedemptionsPerOrganization),
    expiresAt: v.expiresAt ? new Date(`${v.expiresAt}T23:59:59Z`) : undefined,
    firstTimeOnly: v.firstTimeOnly,
  };
}

export function CouponForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.admin.coupons.create.mutationOptions());
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof Values) => (e: { target: { value: string } }) =>
    setValues({ ...values, [key]: e.target.value });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = createCouponSchema.safeParse(toInput(values));
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      const coupon = await create.mutateAsync(parsed.data);
      toast.success(`Coupon ${coupon.code} created.`);
      setValues(EMPTY);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.coupons.list.pathKey() });
    } catch (error) {
      const facts = apiError(error);
      if (facts.issues.length) setErrors(fieldErrors(facts.issues));
      else toast.error(facts.message);
    }
  }

  return (
    <Card
      title="New coupon"
      description="Codes are stored upper case; the discount never changes once created."
    >
      <form
        aria-label="New coupon"
        noValidate
        onSubmit={(e) => void onSubmit(e)}
        className="grid gap-3 sm:grid-cols-2"
      >
        <Field
          label="Code"
          value={values.code}
          onChange={set("code")}
          error={errors.code}
          maxLength={64}
        />
        <Field
          label="Name"
          value={values.name}
          onChange={set("name")}
          error={errors.name}
          maxLength={120}
        />
        <SelectField label="Discount" value={values.kind} onChange={set("kind")}>
          <option value="PERCENT">Percentage off</option>
          <option value="AMOUNT">Amount off</option>
        </SelectField>
        {values.kind === "PERCENT" ? (
          <Field
            label="Percent off"
            inputMode="numeric"
            value={values.percentOff}
            onChange={set("percentOff")}
            error={errors.percentOff}
          />
        ) : (
          <div className="grid grid-cols-2 gap-2">
            <Field
              label="Amount off"
              inputMode="decimal"
              value={values.amountOff}
              onChange={set("amountOff")}
              error={errors.amountOff ?? errors.percentOff}
            />
            <Field
              label="Currency"
              value={values.currency}
              onChange={set("currency")}
              error={errors.currency}
              maxLength={3}
            />
          </div>
        )}
        <SelectField label="Duration" value={values.duration} onChange={set("duration")}>
          <option value="ONCE">Once (first invoice)</option>
          <option value="REPEATING">Repeating (months)</option>
          <option value="FOREVER">Forever</option>
        </SelectField>
        {values.duration === "REPEATING" ? (
          <Field
            label="Months"
            inputMode="numeric"
            value={values.durationMonths}
            onChange={set("durationMonths")}
            error={errors.durationMonths}
          />
        ) : (
          <div />
        )}
        <Field
          label="Max redemptions"
          hint="Empty: no limit."
          inputMode="numeric"
          value={values.maxRedemptions}
          onChange={set("maxRedemptions")}
          error={errors.maxRedemptions}
        />
        <Field
          label="Max per organization"
          hint="Empty: no limit."
          inputMode="numeric"
          value={values.maxRedemptionsPerOrganization}
          onChange={set("maxRedemptionsPerOrganization")}
          error={errors.maxRedemptionsPerOrganization}
        />
        <Field
          label="Expires on"
          type="date"
          value={values.expiresAt}
          onChange={set("expiresAt")}
          error={errors.expiresAt}
        />
        <label className="flex min-h-11 items-center gap-2 self-end text-sm">
          <input
            type="checkbox"
            checked={values.firstTimeOnly}
            onChange={(e) => setValues({ ...values, firstTimeOnly: e.target.checked })}
          />
          First-time customers only
        </label>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create coupon"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
