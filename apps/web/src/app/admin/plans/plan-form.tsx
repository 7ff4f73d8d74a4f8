"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";

import { createPlanSchema } from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { apiError, fieldErrors } from "~/lib/errors";
import { decimalToMinor } from "~/lib/money-input";
import { useTRPC } from "~/trpc/react";

const EMPTY = {
  slug: "",
  name: "",
  currency: "usd",
  monthly: "",
  yearly: "",
  maxUsers: "",
  features: "",
};

/** A new plan; the router's own schema judges the values. */
export function PlanForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.admin.plans.create.mutationOptions());
  const [v, setV] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setV({ ...v, [key]: e.target.value });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const price = (text: string) =>
      text.trim() === "" ? null : (decimalToMinor(text, v.currency || "usd") ?? -1);
    const parsed = createPlanSchema.safeParse({
      slug: v.slug,
      name: v.name,
      tier: "CUSTOM",
      currency: v.currency,
      monthlyPrice: price(v.monthly),
      yearlyPrice: price(v.yearly),
      maxUsers: v.maxUsers.trim() === "" ? null : Number(v.maxUsers),
      features: v.features
        .split("\n")
        .map((f) => f.trim())
        .filter(Boolean),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      const plan = await create.mutateAsync(parsed.data);
      toast.success(`Plan ${plan.name} created.`);
      setV(EMPTY);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.plans.list.queryKey() });
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  return (
    <Card
      title="New plan"
      description="Sold at once on the pricing page; hide or deactivate it above."
    >
      <form
        aria-label="New plan"
        noValidate
        onSubmit={(e) => void onSubmit(e)}
        className="grid gap-3 sm:grid-cols-2"
      >
        <Field
          label="Slug"
          value={v.slug}
          onChange={set("slug")}
          error={errors.slug}
          maxLength={40}
        />
        <Field
          label="Plan name"
          value={v.name}
          onChange={set("name")}
          error={errors.name}
          maxLength={60}
        />
        <Field
          label="Monthly price"
          inputMode="decimal"
          value={v.monthly}
          onChange={set("monthly")}
          error={errors.monthlyPrice}
        />
        <Field
          label="Yearly price"
          inputMode="decimal"
          value={v.yearly}
          onChange={set("yearly")}
          error={errors.yearlyPrice}
        />
        <Field
          label="Plan currency"
          value={v.currency}
          onChange={set("currency")}
          error={errors.currency}
          maxLength={3}
        />
        <Field
          label="Max users"
          hint="Empty: unlimited."
          inputMode="numeric"
          value={v.maxUsers}
          onChange={set("maxUsers")}
          error={errors.maxUsers}
        />
        <div className="flex flex-col gap-1 sm:col-span-2">
          <label htmlFor="plan-features" className="text-sm font-medium text-slate-700">
            Features (one per line)
          </label>
          <textarea
            id="plan-features"
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
            rows={3}
            value={v.features}
            onChange={set("features")}
          />
        </div>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            Create plan
          </Button>
        </div>
      </form>
    </Card>
  );
}
