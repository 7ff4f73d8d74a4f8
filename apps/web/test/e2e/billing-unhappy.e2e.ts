import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { checkoutFromPricing, payWithCard, signIn, signUpNewUser, openPage } from "./flows";

const baseUrl = inject("baseUrl");
const MOBILE = { width: 375, height: 812 };
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("billing pages: the unhappy paths", () => {
  it("shows the decline message and creates no subscription (at 375 px)", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Declined Ltd",
      callbackUrl: "/pricing",
      viewport: MOBILE,
    });
    await page.getByTestId("price-starter").waitFor();
    await screenshot(page, "pricing-mobile");
    await checkoutFromPricing(page, "Starter");
    await screenshot(page, "checkout-mobile");
    await payWithCard(page, "4000 0000 0000 0002", /^Pay /);
    const error = page.getByTestId("payment-error");
    await error.waitFor();
    expect(await error.innerText()).toContain("Your card was declined.");
    // What was typed stays: the customer corrects it or tries another, without retyping everything.
    expect(await page.getByLabel("Card number").inputValue()).toMatch(/4000 ?0000 ?0000 ?0002/);
    await openPage(page, "/billing");
    await page.getByText("No subscription yet.").waitFor();
    await page.close();
  });

  it("requires the extra confirmation step for the 3220 card", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Secure Corp",
      callbackUrl: "/pricing",
    });
    await checkoutFromPricing(page, "Professional");
    await payWithCard(page, "4000 0000 0000 3220", /^Pay /);
    await page.getByRole("heading", { name: "Confirm this payment with your bank" }).waitFor();
    expect(page.url()).toMatch(/\/checkout\/[^/]+$/);
    await page.getByRole("button", { name: "Complete authentication" }).click();
    await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
    await page.close();
  });

  it("gives a MEMBER read-only pages and refuses a direct call", async () => {
    const page = await signIn(browser, baseUrl, "member@acme.test");
    // The page asks for nothing a MEMBER may not read (no 403 behind a broken panel or a toast).
    const forbidden =
      /payments\.(subscriptions\.upcoming|notifications|invoices|customer|paymentMethods)/;
    const asked: string[] = [];
    page.on("request", (request) => {
      if (forbidden.test(decodeURIComponent(request.url()))) asked.push(request.url());
    });
    await openPage(page, "/billing");
    await page.getByTestId("read-only-note").waitFor();
    await page.getByTestId("current-plan").waitFor();
    await page.getByTestId("renews").waitFor();
    expect(await page.getByTestId("read-only-note").innerText()).toContain(
      "Invoices and payment details are visible to your organization's owners and admins.",
    );
    for (const name of ["Change plan", "Cancel subscription", "Add card", "Resume subscription"]) {
      expect(await page.getByRole("button", { name }).count(), name).toBe(0);
    }
    expect(await page.getByRole("region", { name: "Invoices" }).count()).toBe(0);
    expect(await page.getByTestId("next-invoice").count()).toBe(0);
    expect(await page.getByTestId("notices").count()).toBe(0);
    expect(asked).toEqual([]);
    const status = await page.evaluate(async () => {
      const input = encodeURIComponent(JSON.stringify({ json: { page: 1, limit: 10 } }));
      const list = (await (
        await fetch(`/api/trpc/payments.subscriptions.list?input=${input}`)
      ).json()) as { result: { data: { json: { data: { id: string }[] } } } };
      const id = list.result.data.json.data[0]!.id;
      const res = await fetch("/api/trpc/payments.subscriptions.cancel", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { id, immediately: true } }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    await page.close();
  });

  it("shows field errors for invalid billing details", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Typo Inc",
      callbackUrl: "/billing",
    });
    const form = page.getByRole("form", { name: "Billing details" });
    await form.getByLabel("Billing email").fill("not-an-email");
    await form.getByLabel("Phone").fill("call me");
    await form.getByRole("button", { name: "Save billing details" }).click();
    await form.getByText("Enter a valid email address.").waitFor();
    expect(await form.getByText(/Enter a phone number/).count()).toBe(1);
    // The country is picked by name from a list, never typed as a code.
    await form.getByLabel("Billing email").fill("billing@typo.test");
    await form.getByLabel("Phone").fill("+48 22 555 0100");
    await form.getByLabel("Country").selectOption({ label: "Poland" });
    await form.getByRole("button", { name: "Save billing details" }).click();
    await page.getByText("Billing details saved.").waitFor();
    await page.reload();
    await expect.poll(() => form.getByLabel("Country").inputValue()).toBe("PL");
    await page.close();
  });

  it("renders the overview, change-plan dialog and invoices at 375 px", async () => {
    const page = await signIn(browser, baseUrl, "admin@acme.test", MOBILE);
    await openPage(page, "/billing");
    await page.getByTestId("invoice-card").first().waitFor();
    expect(await page.getByTestId("invoice-row").first().isVisible()).toBe(false);
    await screenshot(page, "billing-overview-mobile");
    await page
      .getByRole("region", { name: "Invoices" })
      .screenshot({ path: `${(await import("./browser")).SCREENSHOT_DIR}/invoices-mobile.png` });
    await page.getByRole("button", { name: "Change plan" }).click();
    const dialog = page.getByRole("dialog", { name: "Change plan" });
    await dialog.waitFor();
    await dialog.getByLabel("Seats").fill("2");
    await dialog.getByTestId("change-preview").waitFor();
    await screenshot(page, "change-plan-dialog-mobile");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await page.close();
  });
});
