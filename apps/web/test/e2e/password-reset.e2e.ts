/**
 * "Forgot password?" end to end in a real browser: the link on the sign-in page, the same answer for any
 * address, the mail read in the dev mailbox (no SMTP_URL here), its link followed, a new password set,
 * every earlier session ended, the link refused the second time, and a sign-in with the new password.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { openPage, waitForHydration } from "./flows";
import { httpSession } from "./http-session";

const baseUrl = inject("baseUrl");
const { signIn, trpc } = httpSession(baseUrl);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const OLD_PASSWORD = "first-password-1";
const NEW_PASSWORD = "brand-new-password-2";

describe("password reset by mail", () => {
  it("clicks Forgot password?, reads the mail in the dev mailbox, sets a new password and signs in", async () => {
    const email = `reset-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
    const created = await trpc(new Map(), "auth.signUp", {
      name: "Robin Reset",
      email,
      password: OLD_PASSWORD,
      organizationName: "Reset Co",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const earlier = await signIn(email, OLD_PASSWORD);
    expect((await trpc(earlier, "account.me")).status).toBe(200);

    // An unknown address gets exactly the same answer (no account enumeration).
    const unknown = await trpc(new Map(), "auth.requestPasswordReset", {
      email: `nobody-${Date.now()}@example.test`,
    });
    expect(unknown.status).toBe(200);

    const page = await browser.newPage({ baseURL: baseUrl });
    await openPage(page, "/sign-in");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL((url) => url.pathname === "/forgot-password");
    await waitForHydration(page);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect
      .poll(() => page.getByRole("status").innerText())
      .toContain(`If an account exists for ${email}`);
    await screenshot(page, "forgot-password-sent");

    // The mail is sent after the answer: wait for it to land in the dev mailbox.
    const row = page.getByRole("row").filter({ hasText: email });
    await expect
      .poll(
        async () => {
          await openPage(page, "/dev/mailbox");
          return row.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await row.getByRole("link", { name: "Reset your SalesOS Billing password" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/dev/mailbox/"));
    await waitForHydration(page);
    await screenshot(page, "dev-mailbox-reset-mail");
    const link = page.getByRole("link", { name: /\/reset-password\?token=/ });
    const resetUrl = await link.getAttribute("href");
    expect(resetUrl).toMatch(new RegExp(`^${baseUrl}/reset-password\\?token=prt_[\\w-]{43}$`));
    await link.click();

    await page.waitForURL((url) => url.pathname === "/reset-password");
    await waitForHydration(page);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect.poll(() => page.getByRole("status").innerText()).toContain("new password is set");
    await screenshot(page, "reset-password-done");

    // Whoever had a session before the reset is out; the link works once.
    expect((await trpc(earlier, "account.me")).status).toBe(401);
    const again = await trpc(new Map(), "auth.resetPassword", {
      token: new URL(resetUrl!).searchParams.get("token"),
      password: "yet-another-password-3",
    });
    expect(again.status).toBe(400);

    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await waitForHydration(page);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("active-organization").waitFor();
    expect(await page.getByTestId("active-organization").innerText()).toContain("Reset Co");
    await page.close();
  });
});
