import Link from "next/link";

import type { CheckoutResultView } from "@salesos/billing";

import { cycleLabel, formatDate, formatMoney } from "~/lib/format";
import { seatCount } from "~/lib/plural";
import type { CheckoutOutcome } from "~/server/checkout-outcome";

import { ReceiptDownload } from "./receipt-download";

function Panel({
  tone,
  title,
  children,
}: {
  tone: "ok" | "wait" | "bad";
  title: string;
  children: React.ReactNode;
}) {
  const border =
    tone === "ok" ? "border-emerald-200" : tone === "bad" ? "border-rose-200" : "border-slate-200";
  return (
    <div
      className={`mx-auto max-w-md space-y-4 rounded-lg border ${border} bg-white p-8 text-center shadow-sm`}
    >
      {tone === "ok" ? (
        <p className="text-4xl" aria-hidden>
          ✓
        </p>
      ) : null}
      <h1 className="text-2xl font-bold">{title}</h1>
      {children}
      <Link href="/billing" className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-white">
        Go to billing
      </Link>
    </div>
  );
}

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="flex justify-between gap-4 border-t border-slate-100 pt-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** What was bought, what it cost today, what comes next, and the receipt: all read on the server. */
function Receipt({ result }: { result: CheckoutResultView }) {
  const { subscription: sub, currency, invoice, nextCharge } = result;
  const trial = sub.status === "TRIALING" && sub.trialEnd !== null;
  const free = sub.unitAmount === 0;
  const title = trial
    ? "Your trial has started"
    : free
      ? `You are on ${sub.planName}`
      : "You are subscribed";
  const seats = seatCount(sub.quantity);
  return (
    <Panel tone="ok" title={title}>
      <p className="text-slate-600">
        {trial
          ? `Nothing was charged today. Your card is charged when the trial ends on ${formatDate(sub.trialEnd)}, unless you cancel before.`
          : free
            ? "Nothing to pay and no card needed."
            : "Your payment went through. Your receipt is below."}
      </p>
      <dl className="space-y-2 text-left text-sm" data-testid="checkout-receipt">
        <Row
          label="Plan"
          value={`${sub.planName}, ${sub.billingCycle}, ${seats}`}
          testId="receipt-plan"
        />
        <Row
          label="Paid today"
          value={formatMoney(result.amountPaid, currency)}
          testId="receipt-paid"
        />
        {invoice?.discountAmount ? (
          <Row
            label="Discount"
            value={`−${formatMoney(invoice.discountAmount, currency)}`}
            testId="receipt-discount"
          />
        ) : null}
        <Row
          label={trial ? "First charge" : "Next charge"}
          value={
            nextCharge
              ? `${formatMoney(nextCharge.amount, currency)} on ${formatDate(nextCharge.date)}`
              : "None scheduled"
          }
          testId="receipt-next-charge"
        />
        <Row
          label="Renews"
          value={`Every ${cycleLabel(sub.billingCycle)}`}
          testId="receipt-renews"
        />
      </dl>
      {invoice?.number ? (
        <ReceiptDownload invoiceId={invoice.id} number={invoice.number} />
      ) : (
        <p className="text-sm text-slate-500">No receipt: nothing was charged today.</p>
      )}
    </Panel>
  );
}

/** The checkout's outcome, as the server found it (see checkoutOutcome). */
export function CheckoutResult({
  outcome,
}: {
  outcome: Exclude<CheckoutOutcome, { kind: "none" }>;
}) {
  if (outcome.kind === "receipt") return <Receipt result={outcome.result} />;
  if (outcome.kind === "unconfirmed")
    return (
      <Panel tone="bad" title="We could not confirm the payment yet">
        <p className="text-slate-600" role="alert">
          {outcome.message} If you were charged, your subscription appears on the billing page
          within a minute.
        </p>
      </Panel>
    );
  return (
    <Panel
      tone={outcome.status === "open" ? "wait" : "bad"}
      title={
        outcome.status === "open"
          ? "Payment not finished"
          : outcome.status === "expired"
            ? "This checkout expired"
            : "The payment did not go through"
      }
    >
      <p className="text-slate-600" role="status">
        {outcome.message ??
          "No subscription was started. You can start a new checkout from the pricing page."}
      </p>
    </Panel>
  );
}
