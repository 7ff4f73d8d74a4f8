/**
 * The sign-in page's "Forgot password?" through the router: one answer for known and unknown addresses,
 * the link mailed (here into the dev mailbox: no SMTP_URL), used once, and guessing slowed like sign-in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { authenticate } from "@salesos/auth";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { createCaller, createContextForActor } from "../src";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

const caller = (address: string) =>
  createCaller(
    createContextForActor({
      db: database.db,
      actor: null,
      headers: new Headers({ "x-salesos-client-address": address }),
    }),
  );

async function mailTo(email: string) {
  // The mail leaves after the answer: wait for it.
  for (let i = 0; i < 100; i++) {
    const mail = await database.db.devMail.findFirst({ where: { to: { has: email } } });
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail to ${email}`);
}

describe("password reset through the router", () => {
  it("answers alike for any address, mails a single-use link that sets the password", async () => {
    const anonymous = caller("192.0.2.1");
    expect(await anonymous.auth.requestPasswordReset({ email: "OWNER@acme.test" })).toEqual({
      sent: true,
    });
    expect(await anonymous.auth.requestPasswordReset({ email: "nobody@acme.test" })).toEqual({
      sent: true,
    });
    const mail = await mailTo("owner@acme.test");
    expect(mail.subject).toBe("Reset your SalesOS Billing password");
    expect(mail.messageId).toMatch(/^<password-reset\.\w+@localhost>$/);
    const token = /reset-password\?token=(prt_[\w-]+)/.exec(mail.text)?.[1];
    expect(mail.text).toContain(`http://localhost:3000/reset-password?token=${token}`);
    expect(await database.db.devMail.count({ where: { to: { has: "nobody@acme.test" } } })).toBe(0);

    expect(
      await anonymous.auth.resetPassword({ token: token!, password: "new-owner-pass-1" }),
    ).toEqual({ reset: true });
    expect(
      await authenticate(database.db, { email: "owner@acme.test", password: "new-owner-pass-1" }),
    ).not.toBeNull();
    await expect(
      anonymous.auth.resetPassword({ token: token!, password: "other-owner-pass-2" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("is rate limited per e-mail the same way whether the account exists or not", async () => {
    for (const email of ["admin@acme.test", "ghost@acme.test"]) {
      for (let i = 0; i < 10; i++)
        await caller(`198.51.100.${i + 1}`).auth.requestPasswordReset({ email });
      await expect(
        caller("198.51.100.99").auth.requestPasswordReset({ email }),
      ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    }
  });
});
