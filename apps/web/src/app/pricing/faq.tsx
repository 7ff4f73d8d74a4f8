"use client";

import type { PricingPlan } from "./plan-card";

/** "Starter and Professional"; "Starter, Professional and Enterprise". */
function names(plans: PricingPlan[]): string {
  const list = plans.map((p) => p.name);
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

/**
 * What the product does on a change, a cancellation, a trial and a refund, and how tax is added: read
 * from the plans' own rules (trial days, `downgradeTiming`, `refundOnCancel`), so the page cannot promise
 * what the engine does not do. The engine's rules: packages/billing (change-plan-preview.ts, cancellation,
 * invoicing.ts for tax).
 */
export function PricingFaq({ plans }: { plans: PricingPlan[] }) {
  const paid = plans.filter((p) => (p.prices.monthly ?? p.prices.yearly ?? 0) > 0);
  const trials = paid.filter((p) => p.trialDays > 0);
  const waiting = paid.filter((p) => p.downgradeTiming === "PERIOD_END");
  const refunding = paid.filter((p) => p.refundOnCancel);
  const faq: [string, string][] = [
    [
      "What happens when I change plan?",
      `An upgrade takes effect at once: you are charged now for the rest of the current period, prorated to the second, less the unused time of your current plan. A downgrade takes effect at once too, and the unused time becomes credit for your next invoices${waiting.length ? `; from ${names(waiting)}, a downgrade waits until the end of the period instead` : ""}. Switching between monthly and yearly starts a new period that day. Before you confirm, the change shows the exact amount due.`,
    ],
    [
      "What happens when I cancel?",
      "You choose: at the end of the period (you keep the plan until then, and can resume before it ends) or at once (access ends immediately). No renewal is charged after it.",
    ],
    [
      "How do free trials work?",
      trials.length
        ? `${names(trials)} can start with a free trial (${trials.map((p) => `${p.name}: ${p.trialDays} days`).join(", ")}), for organizations that never had a subscription. A card is required; nothing is charged until the trial ends, then the plan's price every period unless you cancel before. "Choose" skips the trial and pays now.`
        : "No plan has a free trial at the moment. The Free plan needs no card.",
    ],
    [
      "Do you give refunds?",
      `Cancelling at the end of the period refunds nothing: the period is yours until it ends. Cancelling at once ${refunding.length ? `refunds the unused time to your card on ${names(refunding)}, and nothing on the other plans` : "refunds nothing"}. The unused time of a downgrade is credit on your next invoices, not a refund.`,
    ],
  ];
  return (
    <section aria-labelledby="faq-title" className="space-y-4 border-t border-slate-200 pt-6">
      <h2 id="faq-title" className="text-lg font-semibold">
        Questions
      </h2>
      <dl className="grid gap-4 sm:grid-cols-2" data-testid="pricing-faq">
        {faq.map(([question, answer]) => (
          <div key={question}>
            <dt className="font-medium">{question}</dt>
            <dd className="mt-1 text-sm text-slate-600">{answer}</dd>
          </div>
        ))}
      </dl>
      <p className="rounded-md bg-slate-100 p-3 text-sm text-slate-700" data-testid="tax-note">
        <strong>Tax.</strong> Prices are before tax. Tax is added at the rate for the country of
        your billing address (none where no rate applies), on the price after any discount. The
        checkout summary shows it before you pay, and every invoice shows it.
      </p>
    </section>
  );
}
