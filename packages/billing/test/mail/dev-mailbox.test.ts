import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  createBillingDeps,
  DEV_MAIL_FROM,
  deliverNotification,
  getDevMail,
  getDevMailAttachment,
  listDevMail,
  unsentNotificationIds,
  type BillingDeps,
} from "../../src";
import { createHarness, type Harness } from "../engine/harness";
import { START } from "./fixtures";

let h: Harness;
let deps: BillingDeps;

beforeAll(async () => {
  h = await createHarness();
  // What the app builds with no SMTP_URL: the dev mailbox.
  deps = createBillingDeps({
    db: h.db,
    appUrl: "http://localhost:3000",
    authSecret: "x".repeat(32),
  });
});
afterAll(() => h.database.close());

describe("the dev mailbox (no SMTP_URL)", () => {
  it("stores a notice's mail with its PDF once, in the transaction that marks it sent", async () => {
    expect(deps.mail?.transport.kind).toBe("dev-mailbox");
    const actor = await h.newOrganization("Mailbox <b>Org</b>");
    await h.subscribe(actor, { plan: "starter", now: START });
    const notice = await h.db.notification.findFirstOrThrow({
      where: { organizationId: actor.organizationId, kind: "INVOICE_PAID" },
    });
    expect(await unsentNotificationIds(h.db, { limit: 100 })).toContain(notice.id);
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => deliverNotification(deps, { notificationId: notice.id, now: START })),
    );
    expect(outcomes.sort()).toEqual(["already_sent", "already_sent", "sent"]);
    expect(await unsentNotificationIds(h.db, { limit: 100 })).not.toContain(notice.id);

    const list = await listDevMail(h.db, { limit: 10 });
    expect(list).toHaveLength(1);
    const mail = await getDevMail(h.db, list[0]!.id);
    expect(mail).toMatchObject({
      from: DEV_MAIL_FROM,
      messageId: `<notification.${notice.id}@localhost>`,
      subject: expect.stringMatching(/^Receipt: invoice/),
    });
    expect(mail!.to).toEqual([expect.stringMatching(/^owner\d+-\d+@mailboxborg/)]);
    expect(mail!.html).toContain("Mailbox &lt;b&gt;Org&lt;/b&gt;");
    expect(mail!.text).toContain("Mailbox <b>Org</b>");
    expect(mail!.attachments).toEqual([
      expect.objectContaining({ contentType: "application/pdf", filename: expect.any(String) }),
    ]);
    const pdf = await getDevMailAttachment(h.db, {
      mailId: mail!.id,
      attachmentId: mail!.attachments[0]!.id,
    });
    expect(Buffer.from(pdf!.content).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf!.content.byteLength).toBe(mail!.attachments[0]!.size);
  });

  it("marks kinds that are not mailed without storing anything", async () => {
    const actor = await h.newOrganization("Quiet");
    const notice = await h.db.notification.create({
      data: {
        organizationId: actor.organizationId,
        kind: "CREDIT_GRANTED",
        data: { amount: 500, currency: "usd" },
        createdAt: START,
      },
    });
    const before = await h.db.devMail.count();
    expect(await deliverNotification(deps, { notificationId: notice.id, now: START })).toBe(
      "not_mailed",
    );
    expect(await deliverNotification(deps, { notificationId: notice.id, now: START })).toBe(
      "already_sent",
    );
    expect(await h.db.devMail.count()).toBe(before);
  });
});
