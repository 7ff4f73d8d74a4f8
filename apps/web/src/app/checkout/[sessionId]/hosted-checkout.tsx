"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { CardForm } from "~/components/billing/card-form";
import { Button } from "~/components/ui/button";
import { ErrorState, Loading } from "~/components/ui/states";
import { apiError } from "~/lib/errors";
import { cycleLabel, formatDate, formatMoney } from "~/lib/format";
import { seatCount } from "~/lib/plural";
import { useTRPC } from "~/trpc/react";

/** The LOCAL gateway's hosted checkout page: order summary, card form, the extra confirmation step. */
export function HostedCheckout({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const summary = useQuery(trpc.payments.checkout.summary.queryOptions({ sessionId }));
  const complete = useMutation(trpc.payments.local.completeCheckout.mutationOptions());
  const confirm = useMutation(trpc.payments.local.confirmCheckout.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const [needsAction, setNeedsAction] = useState(false);

  function finish(successUrl: string) {
    const url = new URL(successUrl);
    url.searchParams.set("session_id", sessionId);
    router.push(`${url.pathname}${url.search}`);
  }

  // A session paid meanwhile (another tab): go straight to the success page.
  const paidUrl = summary.data?.status === "COMPLETE" ? summary.data.successUrl : null;
  useEffect(() => {
    if (paidUrl) finish(paidUrl);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- finish only depends on stable values
  }, [paidUrl]);

  if (summary.isPending) return <Loading label="Loading your order…" />;
  if (summary.isError)
    return (
      <ErrorState
        message={apiError(summary.error).message}
        action={
          <Link href="/pricing" className="underline">
            Back to pricing
          </Link>
        }
      />
    );
  const s = summary.data;
  if (s.status === "EXPIRED") {
    return (
      <ErrorState
        message="This checkout has expired. Nothing was charged."
        action={
          <Link href="/pricing" className="underline">
            Start again from pricing
          </Link>
        }
      />
    );
  }
  if (s.status === "COMPLETE") return <Loading label="Payment complete. Redirecting…" />;
  const waiting = needsAction || s.status === "REQUIRES_ACTION";
  // A trial takes the card and charges nothing now: the button and the summary say so, with the date
  // and amount of the first charge.
  const trial = s.trialDays > 0 && s.firstCharge !== null ? s.firstCharge : null;
  const submitLabel = trial
    ? `Start ${s.trialDays}-day free trial`
    : s.amountDue > 0
      ? `Pay ${formatMoney(s.amountDue, s.currency)}`
      : "Confirm (nothing due today)";

  async function pay(paymentMethodId: string): Promise<boolean | void> {
    setProblem(null);
    try {
      const outcome = await complete.mutateAsync({ sessionId, paymentMethodId });
      if (outcome.status === "requires_action") setNeedsAction(true);
      else finish(s.successUrl);
    } catch (error) {
      const facts = apiError(error);
      setProblem(
        facts.code === "PAYMENT_FAILED" ? `${facts.message} Try another card.` : facts.message,
      );
      if (facts.code === "SESSION_EXPIRED") await summary.refetch();
      return false; // the card form keeps the number: try again or correct it, not retype it
    }
  }

  async function authenticate() {
    setProblem(null);
    try {
      await confirm.mutateAsync({ sessionId });
      finish(s.successUrl);
    } catch (error) {
      setProblem(apiError(error).message);
    }
  }

  return (
    <div className="grid gap-8 md:grid-cols-2">
      <section
        aria-label="Order summary"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <h1 className="text-xl font-bold">{s.plan.name}</h1>
        <p className="text-sm text-slate-600">{s.plan.description}</p>
        <dl className="space-y-2 text-sm" data-testid="order-summary">
          <Line
            label={`${seatCount(s.quantity)} × ${formatMoney(s.unitAmount, s.currency)} / ${cycleLabel(s.billingCycle)}`}
            value={formatMoney(s.subtotal, s.currency)}
          />
          {s.discountAmount > 0 ? (
            <Line
              label={`Discount (${s.couponCode})`}
              value={`−${formatMoney(s.discountAmount, s.currency)}`}
            />
          ) : null}
          {s.taxAmount > 0 ? (
            <Line label={s.taxLabel ?? "Tax"} value={formatMoney(s.taxAmount, s.currency)} />
          ) : null}
          {s.creditApplied > 0 ? (
            <Line label="Credit applied" value={`−${formatMoney(s.creditApplied, s.currency)}`} />
          ) : null}
          <Line label="Due today" value={formatMoney(s.amountDue, s.currency)} strong />
          {trial ? (
            <Line
              label={`First charge, when the ${s.trialDays}-day trial ends on ${formatDate(trial.date)}`}
              value={formatMoney(trial.amount, s.currency)}
            />
          ) : null}
        </dl>
        <p className="text-xs text-slate-500">
          {trial
            ? `Free trial: nothing is charged today. Cancel before ${formatDate(trial.date)} and you pay nothing; otherwise the card is charged then. `
            : null}
          Renews every {cycleLabel(s.billingCycle)}. This page expires {formatDate(s.expiresAt)} at{" "}
          {new Date(s.expiresAt).toISOString().slice(11, 16)} UTC.
        </p>
      </section>
      <section
        aria-label="Payment"
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <h2 className="text-lg font-semibold">
          {trial ? "Card for after the trial" : "Pay with card"}
        </h2>
        {problem ? (
          <p
            role="alert"
            className="rounded-md bg-red-50 p-3 text-sm text-red-700"
            data-testid="payment-error"
          >
            {problem}
          </p>
        ) : null}
        {waiting ? (
          <BankConfirmation
            confirming={confirm.isPending}
            onConfirm={() => void authenticate()}
            onOtherCard={() => setNeedsAction(false)}
          />
        ) : (
          <CardForm submitLabel={submitLabel} onToken={pay} disabled={complete.isPending} />
        )}
        <p className="text-xs text-slate-500">
          Test mode: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined; 4000 0000 0000
          3220 asks for confirmation.{" "}
          <Link href={new URL(s.cancelUrl).pathname} className="underline">
            Cancel
          </Link>
        </p>
      </section>
    </div>
  );
}

function Line({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div
      className={`flex justify-between gap-4 ${strong ? "border-t border-slate-200 pt-2 text-base font-semibold" : ""}`}
    >
      <dt>{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  );
}

/**
 * The bank's extra step (3-D Secure). It replaces the card form where the keyboard was, so focus moves
 * into it when it appears: a keyboard or screen-reader user lands on what must be done next.
 */
function BankConfirmation(props: {
  confirming: boolean;
  onConfirm: () => void;
  onOtherCard: () => void;
}) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <div
      ref={panel}
      role="dialog"
      aria-labelledby="auth-title"
      aria-describedby="auth-text"
      tabIndex={-1}
      data-testid="bank-confirmation"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 focus:outline-2 focus:outline-offset-2 focus:outline-amber-600"
    >
      <h3 id="auth-title" className="font-semibold text-amber-900">
        Confirm this payment with your bank
      </h3>
      <p id="auth-text" className="text-sm text-amber-900">
        Your card issuer asks for an extra confirmation (3-D Secure test step).
      </p>
      <div className="flex gap-2">
        <Button onClick={props.onConfirm} disabled={props.confirming}>
          {props.confirming ? "Confirming…" : "Complete authentication"}
        </Button>
        <Button variant="secondary" onClick={props.onOtherCard}>
          Use another card
        </Button>
      </div>
    </div>
  );
}
