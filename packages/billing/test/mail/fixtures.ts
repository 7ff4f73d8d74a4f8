import type { Db } from "@salesos/db";

import {
  advanceBilling,
  cancelSubscription,
  completeCheckout,
  LocalGateway,
  noticeCardsExpiring,
  startCheckout,
  type BillingActor,
  type PaymentGateway,
} from "../../src";
import { CARDS, createHarness, type Harness } from "../engine/harness";

export const START = new Date("2026-03-01T00:00:00Z");
const DAY = 86_400_000;
export const BANK_URL = "https://bank.example/3ds/confirm?session=abc";

/**
 * LOCAL, except that off-session charges on the cards in `confirming` answer "requires_action" as
 * STRIPE does for a card whose bank wants the customer to confirm (LOCAL never asks off-session).
 */
export function confirmingGateway(db: Db, confirming: Set<string>): PaymentGateway {
  const local = new LocalGateway({ db, appUrl: "http://localhost:3000" });
  const gateway = Object.create(local) as PaymentGateway;
  // One by one, so `charge` below answers every charge of the clock.
  Object.assign(gateway, {
    chargeMany: undefined,
    charge: (input: Parameters<PaymentGateway["charge"]>[0]) =>
      !input.onSession && confirming.has(input.gatewayPaymentMethodId)
        ? Promise.resolve({
            status: "requires_action" as const,
            gatewayPaymentId: `pi_confirm_${input.idempotencyKey}`,
            confirmUrl: BANK_URL,
          })
        : local.charge(input),
  });
  return gateway;
}

async function addMember(h: Harness, actor: BillingActor, role: "ADMIN" | "MEMBER", email: string) {
  const user = await h.db.user.create({ data: { email, name: role, passwordHash: "x" } });
  await h.db.membership.create({
    data: { userId: user.id, organizationId: actor.organizationId, role },
  });
}

export interface MailWorld {
  h: Harness;
  /** Its name carries markup: every template must show it as text. */
  acme: BillingActor;
  /** Its renewal failed: an open invoice. */
  charlie: BillingActor;
  /** The gateway card ids whose off-session charges ask for the bank's confirmation. */
  confirming: Set<string>;
}

/**
 * Organizations whose engine runs write one notice of every mailed kind: paid invoices (checkout and
 * renewal), a canceled subscription, a trial ending, a failed renewal, a renewal the bank wants
 * confirmed, and a card expiring next month.
 */
export async function mailWorld(): Promise<MailWorld> {
  const confirming = new Set<string>();
  const h = await createHarness({ gateway: (db) => confirmingGateway(db, confirming) });
  const acme = await h.newOrganization('Acme <script>alert("x")</script> & Co');
  await addMember(h, acme, "ADMIN", "admin@acme-mail.test");
  await addMember(h, acme, "MEMBER", "member@acme-mail.test");
  await h.subscribe(acme, { plan: "starter", now: START });
  // Acme's card expires at the end of next month.
  const acmeCustomer = await h.db.billingCustomer.findUniqueOrThrow({
    where: { organizationId: acme.organizationId },
  });
  await h.db.paymentMethod.update({
    where: { id: acmeCustomer.defaultPaymentMethodId! },
    data: { expMonth: 4, expYear: 2026 },
  });

  const bravo = await h.newOrganization("Bravo");
  await h.subscribe(bravo, { plan: "starter", now: START });
  const bravoMethod = await h.db.paymentMethod.findFirstOrThrow({
    where: { organizationId: bravo.organizationId },
  });
  confirming.add(bravoMethod.gatewayPaymentMethodId);

  const charlie = await h.newOrganization("Charlie");
  await h.subscribe(charlie, { plan: "starter", now: START });
  // From now on the bank declines Charlie's card: the renewal fails.
  const charlieMethod = await h.db.paymentMethod.findFirstOrThrow({
    where: { organizationId: charlie.organizationId },
  });
  await h.db.localCard.update({
    where: { id: charlieMethod.gatewayPaymentMethodId },
    data: { behavior: "DECLINE" },
  });

  const delta = await h.newOrganization("Delta");
  const plan = await h.plan("starter");
  const session = await startCheckout(h.deps, {
    actor: delta,
    input: { licenseTypeId: plan.id, billingCycle: "monthly", startTrial: true },
    now: START,
  });
  await completeCheckout(h.deps, {
    actor: delta,
    sessionId: session.sessionId,
    paymentMethodId: await h.card(CARDS.ok, START),
    now: START,
  });

  const echo = await h.newOrganization("Echo");
  const echoSub = await h.subscribe(echo, { plan: "starter", now: START });
  await cancelSubscription(h.deps, {
    actor: echo,
    subscriptionId: echoSub,
    immediately: true,
    now: new Date(START.getTime() + DAY),
  });

  await noticeCardsExpiring(h.deps, START);
  await advanceBilling(h.deps, { now: new Date(START.getTime() + 11 * DAY) });
  await advanceBilling(h.deps, { now: new Date("2026-04-01T01:00:00Z") });
  return { h, acme, charlie, confirming };
}
