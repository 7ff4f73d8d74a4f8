import { z } from "zod";

import type { Db } from "@salesos/db";

import { formatMoney } from "../../money";
import type { MailDocument } from "../render";
import { appLink, brandName, day, failureReason, monthYear } from "./format";

/** What every notice template gets: the notice's own data (validated per kind) and where it points. */
export interface NoticeInput {
  db: Db;
  organizationId: string;
  orgName: string;
  appUrl: string;
  data: unknown;
}

export interface NoticeMail {
  doc: MailDocument;
  /** The invoice whose PDF goes with the mail (invoice paid). */
  attachInvoiceId?: string;
}

export type NoticeTemplate = (input: NoticeInput) => Promise<NoticeMail>;

const invoiceRef = z.object({ invoiceId: z.string() }).loose();

async function invoiceOf(input: NoticeInput) {
  const { invoiceId } = invoiceRef.parse(input.data);
  // Scoped to the notice's organization: a notice can only ever describe its own invoices.
  return input.db.invoice.findFirstOrThrow({
    where: { id: invoiceId, organizationId: input.organizationId },
  });
}

async function subscriptionOf(input: NoticeInput) {
  const { subscriptionId } = z.object({ subscriptionId: z.string() }).loose().parse(input.data);
  return input.db.subscription.findFirstOrThrow({
    where: { id: subscriptionId, organizationId: input.organizationId },
    include: { plan: { select: { name: true } } },
  });
}

const billing = (input: NoticeInput) => appLink(input.appUrl, "/billing");

const invoicePaid: NoticeTemplate = async (input) => {
  const invoice = await invoiceOf(input);
  const number = invoice.number ?? invoice.id;
  const facts: [string, string][] = [
    ["Invoice", number],
    ["Amount paid", formatMoney(invoice.amountPaid, invoice.currency)],
  ];
  if (invoice.paidAt) facts.push(["Paid on", day(invoice.paidAt)]);
  facts.push(["Period", `${day(invoice.periodStart)} – ${day(invoice.periodEnd)}`]);
  return {
    attachInvoiceId: invoice.id,
    doc: {
      subject: `Receipt: invoice ${number} is paid`,
      blocks: [
        { paragraph: ["Hello,"] },
        {
          paragraph: [
            "Thank you: invoice ",
            { strong: number },
            " of ",
            { strong: input.orgName },
            " is paid. The invoice is attached as a PDF.",
          ],
        },
        { facts },
        { button: { text: "View invoices", href: billing(input) } },
      ],
    },
  };
};

const paymentFailed: NoticeTemplate = async (input) => {
  const { failureCode } = z
    .object({ failureCode: z.string().optional() })
    .loose()
    .parse(input.data);
  const invoice = await invoiceOf(input);
  const number = invoice.number ?? invoice.id;
  const subscription = invoice.subscriptionId
    ? await input.db.subscription.findUnique({ where: { id: invoice.subscriptionId } })
    : null;
  const retry = invoice.status === "OPEN" ? subscription?.nextPaymentAttemptAt : null;
  return {
    doc: {
      subject: `Payment failed: update your card to pay invoice ${number}`,
      blocks: [
        { paragraph: ["Hello,"] },
        {
          paragraph: [
            "We could not collect ",
            { strong: formatMoney(invoice.amountDue, invoice.currency) },
            " for invoice ",
            { strong: number },
            " of ",
            { strong: input.orgName },
            `: ${failureReason(failureCode)}.`,
          ],
        },
        {
          paragraph: [
            retry
              ? `We will try again on ${day(retry)}. To keep access without waiting, update your card and pay now:`
              : "To keep access, update your card and pay the invoice:",
          ],
        },
        { button: { text: "Update card and pay", href: billing(input) } },
      ],
    },
  };
};

const actionRequired: NoticeTemplate = async (input) => {
  const { confirmUrl } = z
    .object({ confirmUrl: z.url({ protocol: /^https?$/ }).nullish() })
    .loose()
    .parse(input.data);
  const invoice = await invoiceOf(input);
  const number = invoice.number ?? invoice.id;
  // The bank's own page when the gateway gave one; otherwise "Pay now" on the billing page, which
  // takes the customer to the bank's confirmation step while they are present.
  const href = confirmUrl ?? billing(input);
  return {
    doc: {
      subject: `Action required: confirm the payment of invoice ${number} with your bank`,
      blocks: [
        { paragraph: ["Hello,"] },
        {
          paragraph: [
            "Your bank asks you to confirm the payment of ",
            { strong: formatMoney(invoice.amountDue, invoice.currency) },
            " for invoice ",
            { strong: number },
            " of ",
            { strong: input.orgName },
            ". Until you confirm it, the invoice stays unpaid.",
          ],
        },
        { button: { text: "Confirm the payment", href } },
      ],
    },
  };
};

const trialEnding: NoticeTemplate = async (input) => {
  const subscription = await subscriptionOf(input);
  const end = subscription.trialEnd ?? subscription.currentPeriodEnd;
  return {
    doc: {
      subject: `Your ${subscription.plan.name} trial ends on ${day(end)}`,
      blocks: [
        { paragraph: ["Hello,"] },
        {
          paragraph: [
            "The free trial of ",
            { strong: subscription.plan.name },
            " for ",
            { strong: input.orgName },
            ` ends on ${day(end)}. Then the first invoice is issued and charged to the card on file, ${subscription.billingCycle}.`,
          ],
        },
        { paragraph: ["To change the card or the plan, or to cancel before then:"] },
        { button: { text: "Manage billing", href: billing(input) } },
      ],
    },
  };
};

const cardExpiring: NoticeTemplate = async (input) => {
  const card = z
    .object({ brand: z.string(), last4: z.string(), expMonth: z.number(), expYear: z.number() })
    .loose()
    .parse(input.data);
  const expiry = monthYear(card.expMonth, card.expYear);
  return {
    doc: {
      subject: `Your card ending in ${card.last4} expires at the end of ${expiry}`,
      blocks: [
        { paragraph: ["Hello,"] },
        {
          paragraph: [
            `The ${brandName(card.brand)} card ending in `,
            { strong: card.last4 },
            ", which pays for ",
            { strong: input.orgName },
            `, expires at the end of ${expiry}. Add a new card so the next payments go through:`,
          ],
        },
        { button: { text: "Update card", href: billing(input) } },
      ],
    },
  };
};

const subscriptionCanceled: NoticeTemplate = async (input) => {
  const subscription = await subscriptionOf(input);
  const when = subscription.endedAt ?? subscription.canceledAt;
  const why =
    subscription.cancelReason === "payment_failed" ? " after the last payment retry failed" : "";
  return {
    doc: {
      subject: `Your ${subscription.plan.name} subscription is canceled`,
      blocks: [
        { paragraph: ["Hello,"] },
        {
          paragraph: [
            "The ",
            { strong: subscription.plan.name },
            " subscription of ",
            { strong: input.orgName },
            ` was canceled${when ? ` on ${day(when)}` : ""}${why}.`,
          ],
        },
        { paragraph: ["You can subscribe again at any time:"] },
        { button: { text: "Choose a plan", href: appLink(input.appUrl, "/pricing") } },
      ],
    },
  };
};

/** The notices that are mailed; every other kind stays in the app's notice list only. */
export const NOTICE_TEMPLATES: Readonly<Record<string, NoticeTemplate>> = {
  INVOICE_PAID: invoicePaid,
  PAYMENT_FAILED: paymentFailed,
  ACTION_REQUIRED: actionRequired,
  TRIAL_ENDING: trialEnding,
  CARD_EXPIRING: cardExpiring,
  SUBSCRIPTION_CANCELED: subscriptionCanceled,
};
