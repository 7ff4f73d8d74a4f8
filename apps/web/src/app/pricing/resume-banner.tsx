"use client";

import { Button } from "~/components/ui/button";
import { seatCount } from "~/lib/plural";

/**
 * After sign-up (or any link to /pricing?plan=…): the choice made before, preselected on the page and
 * one click from going on. It says what will happen, including a trial the organization cannot have.
 */
export function ResumeBanner(props: {
  planName: string;
  cycle: "monthly" | "yearly";
  seats: number;
  coupon: string | undefined;
  trial: "offered" | "not-available" | "none";
  changesPlan: boolean;
  blockedLabel: string | null;
  busy: boolean;
  onContinue: () => void;
  onDismiss: () => void;
}) {
  const parts = [
    props.planName,
    props.cycle,
    seatCount(props.seats),
    ...(props.coupon ? [`coupon ${props.coupon}`] : []),
    ...(props.trial === "offered" ? ["free trial"] : []),
  ];
  return (
    <section
      aria-label="Your choice"
      className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-indigo-200 bg-indigo-50 p-4 text-sm text-indigo-950"
      data-testid="resume-choice"
    >
      <div className="space-y-1">
        <p>
          Pick up where you left off: <strong>{parts.join(" · ")}</strong>.
        </p>
        {props.trial === "not-available" ? (
          <p>
            The free trial is for organizations that never had a subscription; continuing starts a
            paid subscription.
          </p>
        ) : null}
        {props.changesPlan ? (
          <p>You already have a subscription: continuing shows the plan change and its price.</p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={props.onDismiss}>
          Not now
        </Button>
        <Button disabled={props.busy || props.blockedLabel !== null} onClick={props.onContinue}>
          {props.blockedLabel ?? `Continue with ${props.planName}`}
        </Button>
      </div>
    </section>
  );
}
