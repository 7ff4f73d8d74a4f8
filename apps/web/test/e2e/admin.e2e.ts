/**
 * The admin pages as SalesOS staff, in a real browser: a coupon created by staff is accepted at a
 * customer's checkout and its redemption shows on the coupon page; half of that customer's invoice is
 * refunded and the credit note shows on the customer's invoice and PDF; every admin page renders (and is
 * screenshotted at desktop width); a customer gets the 404 of a page that does not exist.
 */
import { readFileSync } from "node:fs";

import type { Browser } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { openPage, payWithCard, signInAsStaff, signUpNewUser } from "./flows";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the admin pages, as staff", () => {
  // One retry: it runs beside the other browser pass in CI, the busiest minutes of the run.
  it(
    "coupon → checkout → redemption; half refund → credit note on the customer's invoice and PDF",
    { retry: 1, timeout: 180_000 },
    async () => {
      const code = `STAFF${Date.now().toString().slice(-6)}`;
      const staff = await signInAsStaff(browser, baseUrl, { acceptDownloads: true });
      await staff.getByRole("region", { name: "Recurring revenue" }).waitFor();
      await expect.poll(() => staff.getByTestId("mrr-usd").count()).toBe(1);
      await screenshot(staff, "admin-dashboard-desktop");

      // Staff create a 50 % once coupon.
      await openPage(staff, "/admin/coupons");
      const form = staff.getByRole("form", { name: "New coupon" });
      await form.getByLabel("Code").fill(code.toLowerCase());
      await form.getByLabel("Name").fill("Half off, once");
      await form.getByLabel("Percent off").fill("50");
      await form.getByRole("button", { name: "Create coupon" }).click();
      await staff.getByRole("link", { name: code }).waitFor();
      await screenshot(staff, "admin-coupons-desktop");

      // A customer uses it at checkout: Starter monthly 29.99 − 50 % (1499.5, rounded half up: 15.00) = 14.99.
      const { page: customer } = await signUpNewUser(browser, baseUrl, {
        org: `Coupon Buyer ${code}`,
        callbackUrl: "/pricing",
      });
      await customer.getByLabel("Coupon code").fill(code);
      await customer.getByTestId("coupon-ok").waitFor();
      await customer.getByRole("button", { name: "Choose Starter" }).click();
      await customer.waitForURL(/\/checkout\/[^/]+$/);
      await customer.getByTestId("order-summary").waitFor();
      expect(await customer.getByTestId("order-summary").innerText()).toContain(
        `Discount (${code})`,
      );
      await payWithCard(customer, "4242 4242 4242 4242", /^Pay /);
      await customer.getByRole("heading", { name: "You are subscribed" }).waitFor();

      // The redemption on the coupon's page.
      await openPage(staff, "/admin/coupons");
      await staff.getByRole("link", { name: code }).click();
      await staff.getByTestId("redemption-row").first().waitFor();
      expect(await staff.getByTestId("redemption-row").first().innerText()).toContain(
        `Coupon Buyer ${code}`,
      );
      expect(await staff.getByTestId("coupon-redeemed").innerText()).toContain("Redeemed 1 time");
      // What may change: its limits (the discount never does).
      await staff.getByRole("button", { name: "Edit coupon" }).click();
      const edit = staff.getByRole("dialog", { name: "Edit coupon" });
      await edit.getByLabel("Max redemptions").fill("10");
      await edit.getByRole("button", { name: "Save coupon" }).click();
      await edit.waitFor({ state: "detached" });
      await expect
        .poll(() => staff.getByTestId("coupon-redeemed").innerText())
        .toContain("Redeemed 1 time of 10");
      await screenshot(staff, "admin-coupon-desktop");

      // Staff find the customer and refund half of its invoice.
      await openPage(staff, "/admin/customers");
      await staff.getByLabel("Search").fill(code);
      await expect.poll(() => staff.getByTestId("customer-row").count()).toBe(1);
      await screenshot(staff, "admin-customers-desktop");
      await staff.getByRole("link", { name: `Coupon Buyer ${code}` }).click();
      const row = staff.getByTestId("admin-invoice-row").first();
      await row.waitFor();
      const total = (await row.locator("td").nth(2).innerText()).trim();
      expect(total).toBe("$14.99");
      await row.getByRole("button", { name: "Refund" }).click();
      const dialog = staff.getByRole("dialog");
      await dialog.getByLabel("Amount (USD)").fill("7.50");
      await dialog.getByRole("button", { name: "Refund" }).click();
      await dialog.waitFor({ state: "detached" });
      await expect.poll(() => row.locator("td").nth(3).innerText()).toBe("$7.50");
      await expect
        .poll(() => staff.getByTestId("admin-audit").innerText())
        .toContain("credit_note");
      await screenshot(staff, "admin-customer-desktop");

      // The customer sees the credit note on the invoice's PDF.
      await openPage(customer, "/billing");
      const invoice = customer.getByTestId("invoice-row").first();
      await invoice.waitFor();
      const [download] = await Promise.all([
        customer.waitForEvent("download"),
        invoice.getByRole("button", { name: /Download PDF/ }).click(),
      ]);
      const bytes = new Uint8Array(readFileSync(await download.path()));
      const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
      expect(text).toMatch(/-CN-000001/);
      expect(text).toContain("$7.50");

      for (const [path, name] of [
        ["/admin/tax-rates", "admin-tax-rates-desktop"],
        ["/admin/gateway", "admin-gateway-desktop"],
        ["/admin/audit", "admin-audit-desktop"],
      ] as const) {
        await openPage(staff, path);
        await staff.getByRole("heading", { level: 1 }).waitFor();
        await staff.locator("main [data-loading]").waitFor({ state: "detached" });
        await screenshot(staff, name);
      }
      expect(await staff.getByTestId("audit-row").count()).toBeGreaterThan(0);

      // Not staff: the admin area does not exist.
      const res = await customer.goto("/admin");
      expect(res?.status()).toBe(404);
      await customer.close();
      await staff.close();
    },
  );

  it("a price raise: the existing subscriber keeps the old price, a new one pays the new price", async () => {
    const suffix = Date.now().toString().slice(-6);
    const name = `Team${suffix}`;
    const staff = await signInAsStaff(browser, baseUrl, { acceptDownloads: true });
    await openPage(staff, "/admin/plans");
    const form = staff.getByRole("form", { name: "New plan" });
    await form.getByLabel("Slug").fill(`team-${suffix}`);
    await form.getByLabel("Plan name").fill(name);
    await form.getByLabel("Monthly price").fill("10.00");
    await form.getByRole("button", { name: "Create plan" }).click();
    const card = staff.getByTestId(`plan-team-${suffix}`);
    // If the new card does not show, say what the page says instead (a toast, a field error).
    await card.waitFor().catch(async (error: Error) => {
      await screenshot(staff, "admin-plan-created-missing");
      const said = await staff.locator("[data-sonner-toast], [role=alert]").allInnerTexts();
      throw new Error(`${error.message}\npage says: ${JSON.stringify(said)}`);
    });

    const subscribe = async (org: string, total: string) => {
      const { page } = await signUpNewUser(browser, baseUrl, { org, callbackUrl: "/pricing" });
      await page.getByRole("button", { name: `Choose ${name}` }).click();
      await page.waitForURL(/\/checkout\/[^/]+$/);
      await page.getByTestId("order-summary").waitFor();
      expect(await page.getByTestId("order-summary").innerText()).toContain(total);
      await payWithCard(page, "4242 4242 4242 4242", /^Pay /);
      await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
      return page;
    };
    const early = await subscribe(`Early ${suffix}`, "$10.00");

    // Staff raise the price; existing subscribers are not moved.
    await card.getByRole("button", { name: `Change price of ${name}` }).click();
    const dialog = staff.getByRole("dialog");
    await dialog.getByLabel("Price (USD)").fill("15.00");
    await dialog.getByRole("button", { name: "Save price" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect
      .poll(() => card.getByTestId("current-prices").innerText())
      .toContain("$15.00/month");

    // Its limits and features are edited in place.
    await card.getByRole("button", { name: `Edit ${name}` }).click();
    const editPlan = staff.getByRole("dialog", { name: `Edit ${name}` });
    await editPlan.getByLabel("Features (one per line)").fill(`Shared pipelines ${suffix}`);
    await editPlan.getByLabel("Max users").fill("12");
    await editPlan.getByRole("button", { name: "Save plan" }).click();
    await editPlan.waitFor({ state: "detached" });

    const late = await subscribe(`Late ${suffix}`, "$15.00");
    await openPage(early, "/billing");
    await expect.poll(() => early.getByTestId("next-invoice").innerText()).toContain("$10.00");
    await openPage(late, "/billing");
    await expect.poll(() => late.getByTestId("next-invoice").innerText()).toContain("$15.00");
    await openPage(staff, "/admin/plans");
    await expect
      .poll(() =>
        staff.getByTestId(`plan-team-${suffix}`).getByTestId("subscribers-by-price").innerText(),
      )
      .toMatch(
        /1 at \$10\.00\/month[\s\S]*1 at \$15\.00\/month|1 at \$15\.00\/month[\s\S]*1 at \$10\.00\/month/,
      );
    await screenshot(staff, "admin-plans-desktop");

    await openPage(late, "/pricing");
    await late.getByText(`Shared pipelines ${suffix}`).waitFor();

    // Deactivated: no longer sold (and off the pricing page for the other tests).
    await staff
      .getByTestId(`plan-team-${suffix}`)
      .getByRole("button", { name: `Deactivate ${name}` })
      .click();
    await expect
      .poll(() => staff.getByTestId(`plan-team-${suffix}`).innerText())
      .toContain("not sold");
    await openPage(late, "/pricing");
    await late.getByTestId("price-starter").waitFor();
    expect(await late.getByRole("button", { name: `Choose ${name}` }).count()).toBe(0);
    await Promise.all([early.close(), late.close(), staff.close()]);
  }, 180_000);
});
