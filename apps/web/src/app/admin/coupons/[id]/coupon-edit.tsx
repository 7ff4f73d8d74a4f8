"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";

import { updateCouponSchema } from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { apiError, fieldErrors } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

type Coupon = {
  id: string;
  name: string;
  maxRedemptions: number | null;
  maxRedemptionsPerOrganization: number | null;
  expiresAt: Date | null;
};

const intOrNull = (text: string) => (text.trim() === "" ? null : Number(text));

/** What may change once a coupon exists: its name, limits and expiry (the discount never does). */
export function CouponEdit({ coupon }: { coupon: Coupon }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.admin.coupons.update.mutationOptions());
  const [open, setOpen] = useState(false);
  const [v, setV] = useState({
    name: coupon.name,
    max: coupon.maxRedemptions?.toString() ?? "",
    perOrg: coupon.maxRedemptionsPerOrganization?.toString() ?? "",
    expires: coupon.expiresAt ? new Date(coupon.expiresAt).toISOString().slice(0, 10) : "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = updateCouponSchema.safeParse({
      id: coupon.id,
      name: v.name,
      maxRedemptions: intOrNull(v.max),
      maxRedemptionsPerOrganization: intOrNull(v.perOrg),
      expiresAt: v.expires ? new Date(`${v.expires}T23:59:59Z`) : null,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    try {
      await update.mutateAsync(parsed.data);
      toast.success("Coupon saved.");
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.coupons.pathKey() });
    } catch (error) {
      const facts = apiError(error);
      if (facts.issues.length) setErrors(fieldErrors(facts.issues));
      else toast.error(facts.message);
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Edit coupon
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Edit coupon"
        description="The discount itself never changes."
      >
        <form className="mt-4 space-y-3" noValidate onSubmit={(e) => void onSubmit(e)}>
          <Field
            label="Name"
            maxLength={120}
            value={v.name}
            onChange={(e) => setV({ ...v, name: e.target.value })}
            error={errors.name}
          />
          <Field
            label="Max redemptions"
            hint="Empty: no limit."
            inputMode="numeric"
            value={v.max}
            onChange={(e) => setV({ ...v, max: e.target.value })}
            error={errors.maxRedemptions}
          />
          <Field
            label="Max per organization"
            hint="Empty: no limit."
            inputMode="numeric"
            value={v.perOrg}
            onChange={(e) => setV({ ...v, perOrg: e.target.value })}
            error={errors.maxRedemptionsPerOrganization}
          />
          <Field
            label="Expires on"
            type="date"
            value={v.expires}
            onChange={(e) => setV({ ...v, expires: e.target.value })}
            error={errors.expiresAt}
          />
          <Button type="submit" className="w-full" disabled={update.isPending}>
            Save coupon
          </Button>
        </form>
      </Dialog>
    </>
  );
}
