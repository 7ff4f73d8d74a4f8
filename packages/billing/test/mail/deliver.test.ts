import { describe, expect, it } from "vitest";

import { deliverNotification, noticeCardsExpiring, payInvoice } from "../../src";
import { BANK_URL, START } from "./fixtures";
import { MAIL_NOW, MAILED_KINDS, messageIdOf, useSmtpWorld } from "./smtp-world";

const ctx = useSmtpWorld();
const now = MAIL_NOW;

const byMessageId = (id: string) => ctx.smtp.received.filter((m) => m.messageId === id);

describe("deliverNotification over SMTP", () => {
  it("sends each mailed notice exactly once, one template per kind, to OWNERs and ADMINs only", async () => {
    const notices = await ctx.world.h.db.notification.findMany({ orderBy: { createdAt: "asc" } });
    for (const kind of MAILED_KINDS) expect(notices.some((n) => n.kind === kind)).toBe(true);

    for (const n of notices) {
      const outcome = await deliverNotification(ctx.deps, { notificationId: n.id, now });
      expect(outcome).toBe(MAILED_KINDS.includes(n.kind) ? "sent" : "not_mailed");
    }
    // A second pass sends nothing.
    for (const n of notices)
      expect(await deliverNotification(ctx.deps, { notificationId: n.id, now })).toBe(
        "already_sent",
      );

    const mailed = notices.filter((n) => MAILED_KINDS.includes(n.kind));
    console.info(
      `notices: ${notices.map((n) => n.kind).join(", ")}; mails received: ${ctx.smtp.received.length}`,
    );
    expect(ctx.smtp.received).toHaveLength(mailed.length);
    for (const n of mailed) expect(byMessageId(messageIdOf(n.id))).toHaveLength(1);
    const sent = await ctx.world.h.db.notification.count({ where: { sentAt: now } });
    expect(sent).toBe(notices.length);

    const acmeMail = ctx.smtp.received.filter((m) => m.text?.includes("Acme"));
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
    const kinds = await ctx.world.h.db.notification.findMany({ select: { id: true, kind: true } });
    const mailOf = (kind: string) =>
      kinds.filter((k) => k.kind === kind).map((k) => byMessageId(messageIdOf(k.id))[0]!);

    for (const m of ctx.smtp.received) {
      expect(m.text).toBeTruthy();
      expect(m.html).toBeTruthy();
      expect(m.html).not.toContain("<script>");
      expect(m.from?.text).toBe('"SalesOS Billing" <billing@salesos.test>');
    }
    const acme = ctx.smtp.received.filter((m) =>
      m.text?.includes('Acme <script>alert("x")</script>'),
    );
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
    const notice = await ctx.world.h.db.notification.create({
      data: {
        organizationId: ctx.world.acme.organizationId,
        kind: "CARD_EXPIRING",
        data: { paymentMethodId: "pm_x", brand: "visa", last4: "4242", expMonth: 5, expYear: 2026 },
        createdAt: now,
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        deliverNotification(ctx.deps, { notificationId: notice.id, now }),
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
    const notice = await ctx.world.h.db.notification.create({
      data: {
        organizationId: ctx.world.acme.organizationId,
        kind: "CARD_EXPIRING",
        data: { paymentMethodId: "pm_y", brand: "visa", last4: "1111", expMonth: 6, expYear: 2026 },
        createdAt: now,
      },
    });
    ctx.smtp.reject = { code: 451, message: "Temporary local problem, try later" };
    try {
      await expect(
        deliverNotification(ctx.deps, { notificationId: notice.id, now }),
      ).rejects.toThrow(/451/);
      await expect(
        deliverNotification(ctx.deps, { notificationId: notice.id, now }),
      ).rejects.toThrow();
    } finally {
      ctx.smtp.reject = null;
    }
    const unsent = await ctx.world.h.db.notification.findUniqueOrThrow({
      where: { id: notice.id },
    });
    expect(unsent.sentAt).toBeNull();
    expect(byMessageId(messageIdOf(notice.id))).toHaveLength(0);

    expect(await deliverNotification(ctx.deps, { notificationId: notice.id, now })).toBe("sent");
    expect(await deliverNotification(ctx.deps, { notificationId: notice.id, now })).toBe(
      "already_sent",
    );
    expect(byMessageId(messageIdOf(notice.id))).toHaveLength(1);
  });

  it("writes one CARD_EXPIRING notice per card per expiry month, however often the sweep runs", async () => {
    const before = await ctx.world.h.db.notification.count({ where: { kind: "CARD_EXPIRING" } });
    expect(await noticeCardsExpiring(ctx.world.h.deps, START)).toBe(0);
    expect(await noticeCardsExpiring(ctx.world.h.deps, new Date("2026-03-20T00:00:00Z"))).toBe(0);
    expect(await ctx.world.h.db.notification.count({ where: { kind: "CARD_EXPIRING" } })).toBe(
      before,
    );
  });

  it("writes no ACTION_REQUIRED for a manual Pay now: the customer is on the page that confirms", async () => {
    const before = await ctx.world.h.db.notification.count({ where: { kind: "ACTION_REQUIRED" } });
    const invoice = await ctx.world.h.db.invoice.findFirstOrThrow({
      where: { organizationId: ctx.world.charlie.organizationId, status: "OPEN" },
    });
    const method = await ctx.world.h.db.paymentMethod.findFirstOrThrow({
      where: { organizationId: ctx.world.charlie.organizationId },
    });
    ctx.world.confirming.add(method.gatewayPaymentMethodId);
    await expect(
      payInvoice(ctx.world.h.deps, { actor: ctx.world.charlie, invoiceId: invoice.id, now }),
    ).rejects.toMatchObject({ details: { declineCode: "authentication_required" } });
    expect(await ctx.world.h.db.notification.count({ where: { kind: "ACTION_REQUIRED" } })).toBe(
      before,
    );
  });
});
