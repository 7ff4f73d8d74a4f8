"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";

import { updatePlanSchema } from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { apiError, fieldErrors } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

type Plan = {
  id: string;
  name: string;
  description: string;
  maxUsers: number | null;
  features: string[];
  trialDays: number;
};

/** Name, description, limits, features and trial; prices have their own dialog (new price rows). */
export function PlanEdit({ plan, onSaved }: { plan: Plan; onSaved: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.admin.plans.update.mutationOptions());
  const [open, setOpen] = useState(false);
  const [v, setV] = useState({
    name: plan.name,
    description: plan.description,
    maxUsers: plan.maxUsers?.toString() ?? "",
    features: plan.features.join("\n"),
    trialDays: String(plan.trialDays),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof v) => (e: { target: { value: string } }) =>
    setV({ ...v, [key]: e.target.value });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = updatePlanSchema.safeParse({
      id: plan.id,
      name: v.name,
      description: v.description,
      maxUsers: v.maxUsers.trim() === "" ? null : Number(v.maxUsers),
      features: v.features
        .split("\n")
        .map((f) => f.trim())
        .filter(Boolean),
      trialDays: Number(v.trialDays),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    try {
      await update.mutateAsync(parsed.data);
      toast.success(`${parsed.data.name ?? plan.name} saved.`);
      setOpen(false);
      await onSaved();
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  return (
    <>
      <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(true)}>
        Edit {plan.name}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Edit ${plan.name}`}
        description="Subscribers keep their subscription; limits apply to everyone on the plan."
      >
        <form className="mt-4 space-y-3" noValidate onSubmit={(e) => void onSubmit(e)}>
          <Field
            label="Plan name"
            maxLength={60}
            value={v.name}
            onChange={set("name")}
            error={errors.name}
          />
          <Field
            label="Description"
            maxLength={500}
            value={v.description}
            onChange={set("description")}
            error={errors.description}
          />
          <Field
            label="Max users"
            hint="Empty: unlimited."
            inputMode="numeric"
            value={v.maxUsers}
            onChange={set("maxUsers")}
            error={errors.maxUsers}
          />
          <Field
            label="Trial days"
            inputMode="numeric"
            value={v.trialDays}
            onChange={set("trialDays")}
            error={errors.trialDays}
          />
          <div className="flex flex-col gap-1">
            <label htmlFor={`features-${plan.id}`} className="text-sm font-medium text-slate-700">
              Features (one per line)
            </label>
            <textarea
              id={`features-${plan.id}`}
              rows={4}
              className="rounded-md border border-slate-300 px-3 py-2 text-sm"
              value={v.features}
              onChange={set("features")}
            />
            {errors.features ? (
              <p role="alert" className="text-sm text-red-600">
                {errors.features}
              </p>
            ) : null}
          </div>
          <Button type="submit" className="w-full" disabled={update.isPending}>
            Save plan
          </Button>
        </form>
      </Dialog>
    </>
  );
}
