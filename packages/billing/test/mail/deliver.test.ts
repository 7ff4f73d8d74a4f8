import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  deliverNotification,
  noticeCardsExpiring,
  payInvoice,
  smtpTransport,
  type BillingDeps,
} from "../../src";
import { BANK_URL, mailWorld, START, type MailWorld } from "./fixtures";
import { startSmtp, type TestSmtp } from "./smtp";

const FROM = "SalesOS Billing <billing@salesos.test>";
const MAILED = [
  "INVOICE_PAID",
  "PAYMENT_FAILED",
  "ACTION_REQUIRED",
  "TRIAL_ENDING",
  "CARD_EXPIRING",
  "SUBSCRIPTION_CANCELED",
];
const now = new Date("2026-04-01T02:00:00Z");

let world: MailWorld;
let smtp: TestSmtp;
let deps: BillingDeps;

beforeAll(async () => {
  [world, smtp] = await Promise.all([mailWorld(), startSmtp()]);
  deps = { ...world.h.deps, mail: { transport: smtpTransport(smtp.url), from: FROM } };
});
afterAll(async () => {
  await smtp.close();
  await world.h.database.close();
});

const byMessageId = (id: string) => smtp.received.filter((m) => m.messageId === id);
const messageIdOf = (noticeId: string) => `<notification.${noticeId}@salesos.test>`;

describe("deliverNotification over SMTP", () => {
  it("sends each mailed notice exactly once, one template per kind, to OWNERs and ADMINs only", async () => {
    const notices = await world.h.db.notification.findMany({ orderBy: { createdAt: "asc" } });
    for (const kind of MAILED) expect(notices.some((n) => n.kind === kind)).toBe(true);

    for (const n of notices) {
      const outcome = await deliverNotification(deps, { notificationId: n.id, now });
      expect(outcome).toBe(MAILED.includes(n.kind) ? "sent" : "not_mailed");
    }
    // A second pass sends nothing.
    for (const n of notices)
      expect(await deliverNotification(deps, { notificationId: n.id, now })).toBe("already_sent");

    const mailed = notices.filter((n) => MAILED.includes(n.kind));
    console.info(
      `notices: ${notices.map((n) => n.kind).join(", ")}; mails received: ${smtp.received.length}`,
    );
    expect(smtp.received).toHaveLength(mailed.length);
    for (const n of mailed) expect(byMessageId(messageIdOf(n.id))).toHaveLength(1);
    const sent = await world.h.db.notification.count({ where: { sentAt: now } });
    expect(sent).toBe(notices.length);

    const acmeMail = smtp.received.filter((m) => m.text?.includes("Acme"));
    expect(acmeMail.length).toBeGreaterThan(0);
    for (const m of acmeMail) {
      const to = (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value ?? []);
      expect(to.map((a) => a.address).sort()).toEqual([
        "admin@acme-mail.test",
        expect.stringMatching(/^owner\d+-\d+@acme/),
      ]);
    }
  });

  it("renders each template as text and HTML from one source, escaping what users typed", async () => {
    const kinds = await world.h.db.notification.findMany({ select: { id: true, kind: true } });
    const mailOf = (kind: string) =>
      kinds.filter((k) => k.kind === kind).map((k) => byMessageId(messageIdOf(k.id))[0]!);

    for (const m of smtp.received) {
      expect(m.text).toBeTruthy();
      expect(m.html).toBeTruthy();
      expect(m.html).not.toContain("<script>");
      expect(m.from?.text).toBe('"SalesOS Billing" <billing@salesos.test>');
    }
    const acme = smtp.received.filter((m) => m.text?.includes('Acme <script>alert("x")</script>'));
    expect(acme.length).toBeGreaterThan(0);
    for (const m of acme)
      expect(m.html).toContain("Acme &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");

    const [paid] = mailOf("INVOICE_PAID");
    expect(paid!.subject).toMatch(/^Receipt: invoice .+ is paid$/);
    expect(paid!.attachments).toHaveLength(1);
    expect(paid!.attachments[0]!.contentType).toBe("application/pdf");
    expect(paid!.attachments[0]!.filename).toMatch(/^invoice-.+\.pdf$/);
    expect(paid!.attachments[0]!.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const [failed] = mailOf("PAYMENT_FAILED");
    expect(failed!.subject).toMatch(/^Payment failed: update your card/);
    expect(failed!.text).toContain("your card was declined");
    expect(failed!.text).toContain("Update card and pay:\nhttp://localhost:3000/billing");
    expect(failed!.html).toContain('href="http://localhost:3000/billing"');

    const [action] = mailOf("ACTION_REQUIRED");
    expect(action!.subject).toMatch(/^Action required: confirm the payment/);
    expect(action!.text).toContain(BANK_URL);
    expect(action!.html).toContain(BANK_URL.replace(/&/g, "&amp;"));

    const [trial] = mailOf("TRIAL_ENDING");
    expect(trial!.subject).toBe("Your Starter trial ends on March 15, 2026");

    const [card] = mailOf("CARD_EXPIRING");
    expect(card!.subject).toMatch(/^Your card ending in \d{4} expires at the end of April 2026$/);

    const [canceled] = mailOf("SUBSCRIPTION_CANCELED");
    expect(canceled!.subject).toBe("Your Starter subscription is canceled");
    expect(canceled!.text).toContain("http://localhost:3000/pricing");
    for (const m of [paid, failed, action, trial, card, canceled])
      expect(m!.attachments.length).toBe(m === paid ? 1 : 0);
  });

  it("sends one mail when five deliveries of the same notice race", async () => {
    const notice = await world.h.db.notification.create({
      data: {
        organizationId: world.acme.organizationId,
        kind: "CARD_EXPIRING",
        data: { paymentMethodId: "pm_x", brand: "visa", last4: "4242", expMonth: 5, expYear: 2026 },
        createdAt: now,
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        deliverNotification(deps, { notificationId: notice.id, now }),
      ),
    );
    expect(outcomes.sort()).toEqual([
      "already_sent",
      "already_sent",
      "already_sent",
      "already_sent",
      "sent",
    ]);
    expect(byMessageId(messageIdOf(notice.id))).toHaveLength(1);
  });

  it("a server that refuses (451) makes the delivery throw and leaves the notice unsent; the retry sends it once", async () => {
    const notice = await world.h.db.notification.create({
      data: {
        organizationId: world.acme.organizationId,
        kind: "CARD_EXPIRING",
        data: { paymentMethodId: "pm_y", brand: "visa", last4: "1111", expMonth: 6, expYear: 2026 },
        createdAt: now,
      },
    });
    smtp.reject = { code: 451, message: "Temporary local problem, try later" };
    try {
      await expect(deliverNotification(deps, { notificationId: notice.id, now })).rejects.toThrow(
        /451/,
      );
      await expect(deliverNotification(deps, { notificationId: notice.id, now })).rejects.toThrow();
    } finally {
      smtp.reject = null;
    }
    const unsent = await world.h.db.notification.findUniqueOrThrow({ where: { id: notice.id } });
    expect(unsent.sentAt).toBeNull();
    expect(byMessageId(messageIdOf(notice.id))).toHaveLength(0);

    expect(await deliverNotification(deps, { notificationId: notice.id, now })).toBe("sent");
    expect(await deliverNotification(deps, { notificationId: notice.id, now })).toBe(
      "already_sent",
    );
    expect(byMessageId(messageIdOf(notice.id))).toHaveLength(1);
  });

  it("writes one CARD_EXPIRING notice per card per expiry month, however often the sweep runs", async () => {
    const before = await world.h.db.notification.count({ where: { kind: "CARD_EXPIRING" } });
    expect(await noticeCardsExpiring(world.h.deps, START)).toBe(0);
    expect(await noticeCardsExpiring(world.h.deps, new Date("2026-03-20T00:00:00Z"))).toBe(0);
    expect(await world.h.db.notification.count({ where: { kind: "CARD_EXPIRING" } })).toBe(before);
  });

  it("writes no ACTION_REQUIRED for a manual Pay now: the customer is on the page that confirms", async () => {
    const before = await world.h.db.notification.count({ where: { kind: "ACTION_REQUIRED" } });
    const invoice = await world.h.db.invoice.findFirstOrThrow({
      where: { organizationId: world.charlie.organizationId, status: "OPEN" },
    });
    const method = await world.h.db.paymentMethod.findFirstOrThrow({
      where: { organizationId: world.charlie.organizationId },
    });
    world.confirming.add(method.gatewayPaymentMethodId);
    await expect(
      payInvoice(world.h.deps, { actor: world.charlie, invoiceId: invoice.id, now }),
    ).rejects.toMatchObject({ details: { declineCode: "authentication_required" } });
    expect(await world.h.db.notification.count({ where: { kind: "ACTION_REQUIRED" } })).toBe(
      before,
    );
  });
});
