/**
 * Accessibility acceptance (issue 14): axe-core runs on every page and every dialog listed here, at
 * desktop width (1280 × 800) and on a phone (375 × 812), with the WCAG 2.0/2.1 A and AA rules, and any
 * violation fails the suite; on the phone every control is at least 44 px square. Each page and dialog
 * is screenshotted at both widths (`<name>-desktop` / `<name>-mobile`). The checks are in axe-audit.ts;
 * a past-due subscription's dialog (it needs its own server) is in axe-past-due.e2e.ts.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, inject, it } from "vitest";

import { audit, checkDialog, checkPage, contextBrowser, report, type Problems } from "./axe-audit";
import { launchBrowser } from "./browser";
import {
  checkoutFromPricing,
  openPage,
  payWithCard,
  signIn,
  signInAsStaff,
  signUpNewUser,
} from "./flows";

const baseUrl = inject("baseUrl");
let realBrowser: Browser;
let browser: Browser;
beforeAll(async () => {
  realBrowser = await launchBrowser();
  browser = contextBrowser(realBrowser);
});
afterAll(() => realBrowser?.close());

describe("axe: WCAG 2.1 A/AA on every page and dialog, desktop and 375 px", () => {
  it("public pages, signed out", async () => {
    const problems: Problems = [];
    const page = await browser.newPage({ baseURL: baseUrl });
    await checkPage(page, "/", "a11y-home-signed-out", problems);
    await checkPage(page, "/pricing", "a11y-pricing", problems);
    await checkPage(page, "/sign-in", "a11y-sign-in", problems);
    await checkPage(page, "/sign-up", "a11y-sign-up", problems);
    await checkPage(page, "/forgot-password", "a11y-forgot-password", problems);
    await checkPage(page, "/reset-password?token=prt_example", "a11y-reset-password", problems);
    await checkPage(page, "/dev/mailbox", "a11y-dev-mailbox", problems);
    // The API reference: no script error in the console either (under the pages' strict CSP).
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await checkPage(page, "/docs/api", "a11y-docs-api", problems, async (p) => {
      await p.getByText("/payments/checkout", { exact: true }).first().waitFor();
    });
    await page.close();
    for (const error of consoleErrors) problems.push(`a11y-docs-api: console error: ${error}`);
    report(problems);
  }, 300_000);

  it("the owner's pages and dialogs; the member's billing page", async () => {
    const problems: Problems = [];
    const page = await signIn(browser, baseUrl, "owner@acme.test");
    await checkPage(page, "/", "a11y-home", problems);
    // The header's menu on a phone.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("button", { name: "Menu" }).click();
    await audit(page, "a11y-header-menu-mobile", problems);
    await checkPage(page, "/billing", "a11y-billing-owner", problems);
    await checkPage(page, "/settings", "a11y-settings", problems);

    // Settings: the revoke-token confirmation.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel("Token name").fill("Axe token");
    await page.getByRole("button", { name: "Create token" }).click();
    const revoke = page.getByRole("button", { name: "Revoke Axe token" });
    await revoke.waitFor();
    await checkDialog(page, "a11y-dialog-revoke-token", problems, async () => {
      await revoke.click();
    });
    await checkPage(page, "/sign-out", "a11y-sign-out", problems);
    await page.close();

    const member = await signIn(browser, baseUrl, "member@acme.test");
    await checkPage(member, "/billing", "a11y-billing-member", problems);
    await member.close();
    report(problems);
  }, 300_000);

  it("checkout, its result, and every billing dialog of a new subscriber", async () => {
    const problems: Problems = [];
    const { page } = await signUpNewUser(browser, baseUrl, { org: `Axe ${Date.now()}` });
    await checkoutFromPricing(page, "Starter");
    const checkoutPath = new URL(page.url()).pathname;
    await checkPage(page, checkoutPath, "a11y-checkout", problems, async (p) => {
      await p.getByTestId("order-summary").waitFor();
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await payWithCard(page, "4242 4242 4242 4242", /^Pay /);
    await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
    await checkPage(page, "/checkout/success", "a11y-checkout-success", problems);
    await checkPage(page, "/billing/confirm", "a11y-billing-confirm", problems);

    await openPage(page, "/billing");
    await page.getByRole("button", { name: "Change plan" }).waitFor();
    await checkDialog(page, "a11y-dialog-change-plan", problems, async (p) => {
      await p.getByRole("button", { name: "Change plan" }).click();
    });
    await checkDialog(page, "a11y-dialog-cancel-subscription", problems, async (p) => {
      await p.getByRole("button", { name: "Cancel subscription" }).click();
    });
    await checkDialog(page, "a11y-dialog-add-card", problems, async (p) => {
      await p.getByRole("button", { name: "Add card" }).click();
    });
    await checkDialog(page, "a11y-dialog-remove-card", problems, async (p) => {
      await p
        .getByRole("button", { name: /^Remove •••• / })
        .first()
        .click();
    });
    await page.close();
    report(problems);
  }, 300_000);

  it("the admin pages and dialogs, as staff", async () => {
    const problems: Problems = [];
    const page = await signInAsStaff(browser, baseUrl);
    await checkPage(page, "/admin", "a11y-admin", problems, async (p) => {
      await p.getByRole("region", { name: "Recurring revenue" }).waitFor();
    });
    await checkPage(page, "/admin/customers", "a11y-admin-customers", problems);
    const customer = await page
      .getByTestId("customer-row")
      .first()
      .getByRole("link")
      .first()
      .getAttribute("href");
    await checkPage(page, customer!, "a11y-admin-customer", problems);
    for (const [label, name] of [
      ["Grant credit", "grant-credit"],
      ["Refund", "refund"],
      ["Extend trial", "extend-trial"],
    ] as const) {
      const opener = page.getByRole("button", { name: label, exact: true }).first();
      if (await opener.count())
        await checkDialog(page, `a11y-dialog-admin-${name}`, problems, async () => {
          await opener.click();
        });
    }

    await checkPage(page, "/admin/coupons", "a11y-admin-coupons", problems);
    const coupon = await page
      .getByTestId("coupon-row")
      .first()
      .getByRole("link")
      .first()
      .getAttribute("href");
    await checkPage(page, coupon!, "a11y-admin-coupon", problems);
    await checkDialog(page, "a11y-dialog-admin-edit-coupon", problems, async (p) => {
      await p.getByRole("button", { name: "Edit coupon" }).click();
    });

    await checkPage(page, "/admin/plans", "a11y-admin-plans", problems);
    await checkDialog(page, "a11y-dialog-admin-edit-plan", problems, async (p) => {
      await p
        .getByRole("button", { name: /^Edit / })
        .first()
        .click();
    });
    await checkDialog(page, "a11y-dialog-admin-plan-price", problems, async (p) => {
      await p
        .getByRole("button", { name: /^Change price of / })
        .first()
        .click();
    });
    await checkPage(page, "/admin/tax-rates", "a11y-admin-tax-rates", problems);
    await checkPage(page, "/admin/audit", "a11y-admin-audit", problems);
    await checkPage(page, "/admin/gateway", "a11y-admin-gateway", problems);
    await checkPage(page, "/admin/jobs", "a11y-admin-jobs", problems);
    await page.close();
    report(problems);
  }, 300_000);
});
