/**
 * Issue 14's last details in a real browser: /pricing marks its recommended plan and answers the usual
 * questions with a tax note (in the server's HTML too); sign-in's "Create an account" keeps the visitor's
 * choice; seats are counted in words ("1 seat", "3 seats") on every page; focus moves into the 3-D
 * Secure panel when it appears; the change-plan dialog shows each plan with its price and what choosing
 * it does; invoices say what they are.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { fillSignUp, openPage, waitForHydration } from "./flows";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("billing pages polish", () => {
  it("/pricing: Professional is the recommended plan; the FAQ and the tax note are in the HTML", async () => {
    const html = await (await fetch(`${baseUrl}/pricing`)).text();
    for (const text of [
      "Recommended",
      "What happens when I change plan?",
      "What happens when I cancel?",
      "How do free trials work?",
      "Do you give refunds?",
      "Prices are before tax.",
    ])
      expect(html, text).toContain(text);

    const page = await browser.newPage({ baseURL: baseUrl });
    await openPage(page, "/pricing");
    const marked = page.locator("li[data-recommended]");
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute("aria-label")).toBe("Professional");
    expect(await marked.getByTestId("recommended-badge").innerText()).toBe("Recommended");
    // Counted in words: the Free plan allows one user.
    expect(await page.getByRole("listitem", { name: "Free" }).innerText()).toContain(
      "Up to 1 user",
    );
    expect(await page.getByTestId("pricing-faq").innerText()).toContain(
      "Starter: 14 days, Professional: 14 days, Enterprise: 30 days",
    );
    expect(await page.getByTestId("tax-note").innerText()).toContain(
      "Tax is added at the rate for the country of your billing address",
    );
    await screenshot(page, "pricing-recommended-desktop");
    await page.close();
  });

  it("sign-in → Create an account keeps the choice; 3 seats in words; focus lands in the 3-D Secure panel; the plan picker says what each plan does", async () => {
    const choice = "/pricing?plan=professional&cycle=yearly&seats=3";
    const page = await browser.newPage({ baseURL: baseUrl });
    await openPage(page, `/sign-in?callbackUrl=${encodeURIComponent(choice)}`);
    const create = page.getByRole("link", { name: "Create an account" });
    expect(await create.getAttribute("href")).toBe(
      `/sign-up?callbackUrl=${encodeURIComponent(choice)}`,
    );
    await create.click();
    await page.waitForURL((url) => url.pathname === "/sign-up");
    await waitForHydration(page);
    await fillSignUp(page, `Polish ${Date.now()}`);
    await page.waitForURL((url) => url.pathname === "/pricing" && url.search.includes("seats=3"));
    await waitForHydration(page);
    const banner = page.getByTestId("resume-choice");
    await banner.waitFor();
    expect(await banner.innerText()).toContain("Professional · yearly · 3 seats");

    await banner.getByRole("button", { name: "Continue with Professional" }).click();
    await page.waitForURL(/\/checkout\/[^/?]+$/);
    const summary = page.getByTestId("order-summary");
    await summary.waitFor();
    expect(await summary.innerText()).toContain("3 seats × $959.88 / year");

    // 3220 asks the bank: the panel replaces the card form and takes the focus.
    await page.getByLabel("Card number").fill("4000 0000 0000 3220");
    await page.getByLabel("Expiry (MM / YY)").fill("12 / 30");
    await page.getByLabel("CVC").fill("123");
    await page.getByLabel("Name on card").fill("Pat Payer");
    await page.getByRole("button", { name: /^Pay / }).click();
    const panel = page.getByTestId("bank-confirmation");
    await panel.waitFor();
    await expect
      .poll(() =>
        page.evaluate(() =>
          Boolean(
            document
              .querySelector("[data-testid=bank-confirmation]")
              ?.contains(document.activeElement),
          ),
        ),
      )
      .toBe(true);
    await screenshot(page, "checkout-bank-confirmation-desktop");
    await panel.getByRole("button", { name: "Complete authentication" }).click();
    await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
    expect(await page.getByTestId("receipt-plan").innerText()).toBe(
      "Professional, yearly, 3 seats",
    );

    // The billing page counts seats in words; the invoice says what it is.
    await openPage(page, "/billing");
    await page.getByTestId("current-plan").waitFor();
    expect(await page.getByRole("main").innerText()).toContain("3 seats");
    const row = page.getByTestId("invoice-row").first();
    await row.waitFor();
    expect(await row.getByTestId("invoice-description").innerText()).toMatch(
      /^New subscription, [A-Z][a-z]{2} \d{1,2}, \d{4} – [A-Z][a-z]{2} \d{1,2}, \d{4}$/,
    );

    // The plan picker: each plan with its price for the cycle and seats, and what choosing it does.
    await page.getByRole("button", { name: "Change plan" }).click();
    const dialog = page.getByRole("dialog", { name: "Change plan" });
    await dialog.waitFor();
    expect(await dialog.getByText("Currently Professional, yearly, 3 seats.").count()).toBe(1);
    const option = (slug: string) => dialog.getByTestId(`plan-option-${slug}`);
    await option("starter").waitFor();
    const said = async (slug: string) => ({
      price: await option(slug).getByTestId("plan-option-price").innerText(),
      change: await option(slug).getByTestId("plan-option-change").innerText(),
    });
    expect(await said("professional")).toEqual({
      price: "$2,879.64 / year",
      change: "Your current plan.",
    });
    expect(await said("starter")).toEqual({
      price: "$899.64 / year",
      change: "Downgrade: now, unused time credited to next invoices.",
    });
    expect(await said("enterprise")).toEqual({
      price: "$8,999.64 / year",
      change: "Upgrade: charged now, prorated.",
    });
    expect((await said("free")).change).toBe("Allows at most 1 seat.");
    expect(await dialog.getByRole("radio", { name: "Free", exact: true }).isDisabled()).toBe(true);
    // Monthly: a new period starts today, whatever the plan.
    await dialog.getByLabel("Billing cycle").selectOption("monthly");
    expect((await said("starter")).change).toBe(
      "New period starts today: charged now, less the unused time.",
    );
    await dialog.getByLabel("Billing cycle").selectOption("yearly");
    // The radio is named by the plan alone; choosing it previews the exact amount.
    await dialog.getByRole("radio", { name: "Enterprise", exact: true }).check();
    await dialog.getByTestId("amount-due-now").waitFor();
    expect(await dialog.getByTestId("amount-due-now").innerText()).toMatch(/^\$\d/);
    await screenshot(page, "change-plan-picker-desktop");
    await dialog.getByRole("button", { name: "Keep current plan" }).click();
    await page.close();
  });
});
