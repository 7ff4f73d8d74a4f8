import { readFileSync } from "node:fs";

import type { Browser } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { payWithCard, signUpNewUser } from "./flows";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the whole billing journey on the LOCAL gateway", () => {
  it("signs up, subscribes yearly with a coupon, upgrades, downloads the PDF, manages cards, cancels and resumes", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Journey Co",
      callbackUrl: "/pricing",
    });

    // Pricing: yearly, coupon applied as you type.
    await page.getByText(/^Yearly/).click();
    await expect.poll(() => page.getByTestId("price-starter").innerText()).toContain("$299.88");
    await page.getByLabel("Coupon code").fill("welcome20");
    await page.getByTestId("coupon-ok").waitFor();
    await screenshot(page, "pricing-desktop");
    await page.getByRole("button", { name: "Choose Starter" }).click();

    // Hosted checkout: the discounted order, paid with 4242.
    await page.waitForURL(/\/checkout\/[^/]+$/);
    const summary = page.getByTestId("order-summary");
    await summary.waitFor();
    expect(await summary.innerText()).toContain("Discount (WELCOME20)");
    expect(await summary.innerText()).toContain("$239.90"); // 29988 − 20 % (5998) = 23990
    await screenshot(page, "checkout-desktop");
    await payWithCard(page, "4242 4242 4242 4242", /^Pay /);
    await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
    await page.getByRole("link", { name: "Go to billing" }).click();

    // Overview: ACTIVE, the discounted invoice.
    await page.getByTestId("current-plan").waitFor();
    expect(await page.getByTestId("status-badge").first().innerText()).toBe("ACTIVE");
    await page.getByTestId("invoice-row").first().waitFor();
    expect(await page.getByTestId("invoice-row").first().innerText()).toContain("$239.90");
    await expect.poll(() => page.getByTestId("next-invoice").innerText()).toMatch(/\$\d/);
    await page.getByTestId("notices").waitFor();
    expect(await page.getByTestId("notices").innerText()).toMatch(
      /Invoice [A-Z]+-[0-9A-F]{6}-000001 was paid\./,
    );
    await screenshot(page, "billing-overview-desktop");

    // Upgrade: preview the amount due, confirm; the proration invoice appears.
    await page.getByRole("button", { name: "Change plan" }).click();
    const dialog = page.getByRole("dialog", { name: "Change plan" });
    await dialog.waitFor();
    // Waits for the plans to load into the select (its options), then picks one.
    await dialog.getByLabel("Plan", { exact: true }).selectOption({ label: "Professional" });
    const due = dialog.getByTestId("amount-due-now");
    await due.waitFor();
    const dueText = await due.innerText();
    expect(dueText).toMatch(/^\$\d/);
    await screenshot(page, "change-plan-dialog-desktop");
    await page.getByRole("button", { name: /Pay .* and change/ }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("invoice-row").count()).toBe(2);
    await expect.poll(() => page.getByTestId("current-plan").innerText()).toBe("Professional");
    const newest = page.getByTestId("invoice-row").first();
    expect(await newest.innerText()).toContain(dueText);
    await screenshot(page, "invoices-desktop");

    // Its PDF: a real PDF holding the invoice number.
    const number = (await newest.locator("td").first().innerText()).trim();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      newest.getByRole("button", { name: /Download PDF/ }).click(),
    ]);
    const bytes = new Uint8Array(readFileSync(await download.path()));
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain(number);

    // A second card, made the default.
    await page.getByRole("button", { name: "Add card" }).click();
    await payWithCard(page, "5555 5555 5555 4444", "Save card");
    await expect.poll(() => page.getByTestId("payment-method").count()).toBe(2);
    await page.getByRole("button", { name: "Make •••• 4444 the default" }).click();
    await expect
      .poll(() => page.getByTestId("payment-method").first().innerText())
      .toContain("4444");
    expect(await page.getByTestId("payment-method").first().innerText()).toContain("Default");

    // Cancel at period end: the banner shows the date; resume.
    await page.getByRole("button", { name: "Cancel subscription" }).click();
    await page.getByRole("button", { name: "Confirm cancellation" }).click();
    const banner = page.getByTestId("cancel-banner");
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Cancels on [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    await page.getByRole("button", { name: "Resume subscription" }).click();
    await banner.waitFor({ state: "detached" });
    expect(await page.getByRole("button", { name: "Cancel subscription" }).isVisible()).toBe(true);
    await page.close();
  });
});
