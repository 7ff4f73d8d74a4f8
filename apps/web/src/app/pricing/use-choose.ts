import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";

import { pricingChoiceQuery, SEATS_MESSAGE } from "@salesos/validators";

import { couponKey, type CouponCheck } from "~/components/billing/use-coupon-check";
import { apiError } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

export interface PlanChoice {
  plan: { id: string; slug: string };
  trial: boolean;
}

/** Why the coupon on screen stops a checkout, or null when it may go on (valid, or no code). */
function couponProblem(checked: CouponCheck): string | null {
  if (checked.status === "invalid")
    return `Coupon ${checked.code}: ${checked.message} Correct the code or clear it to continue.`;
  if (checked.status === "error")
    return `We could not check coupon ${checked.code}. Try again, or clear the code to continue without it.`;
  return null;
}

/**
 * "Choose" on /pricing. The coupon on screen is settled first — Choose waits for its check (never an
 * older code's answer) and refuses, saying why, a code that failed; a valid one is sent, and the server
 * validates it again and prices the session with it, so the order summary is what is charged. Signed
 * out, the whole choice travels through sign-up (`/pricing?plan=…`); with a live subscription the
 * change-plan dialog opens instead.
 */
export function useChoose(args: {
  signedIn: boolean;
  hasLiveSubscription: boolean;
  cycle: "monthly" | "yearly";
  seats: number | null;
  couponText: string;
  settleCoupon: () => Promise<CouponCheck>;
  openChangePlan: (planId: string) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const checkout = useMutation(trpc.payments.checkout.create.mutationOptions());
  const [busy, setBusy] = useState<{ planId: string; label: string } | null>(null);
  // The code on screen when a check ends (it may have been edited while Choose waited).
  const typedNow = useRef(args.couponText);
  typedNow.current = args.couponText;

  async function choose({ plan, trial }: PlanChoice) {
    const { seats, cycle } = args;
    if (seats === null) {
      toast.error(SEATS_MESSAGE);
      return;
    }
    if (args.hasLiveSubscription) {
      args.openChangePlan(plan.id);
      return;
    }
    setBusy({ planId: plan.id, label: "Checking coupon…" });
    try {
      const checked = await args.settleCoupon();
      const problem = couponProblem(checked);
      const code = checked.status === "empty" ? "" : checked.code;
      if (problem || couponKey(typedNow.current) !== code) {
        toast.error(problem ?? "The coupon code changed while it was being checked. Choose again.");
        setBusy(null);
        return;
      }
      const couponCode = checked.status === "valid" ? checked.code : undefined;
      if (!args.signedIn) {
        const resume = `/pricing?${pricingChoiceQuery({ plan: plan.slug, cycle, seats, coupon: couponCode, trial })}`;
        router.push(`/sign-up?callbackUrl=${encodeURIComponent(resume)}`);
        return;
      }
      setBusy({ planId: plan.id, label: trial ? "Starting trial…" : "Starting checkout…" });
      const session = await checkout.mutateAsync({
        licenseTypeId: plan.id,
        billingCycle: cycle,
        quantity: seats,
        ...(couponCode ? { couponCode } : {}),
        ...(trial ? { startTrial: true } : {}),
      });
      // The server decided where to go: its hosted checkout, or (a free plan) straight to the result.
      window.location.assign(session.url);
    } catch (error) {
      toast.error(apiError(error).message);
      setBusy(null);
    }
  }

  return { choose, busy };
}
