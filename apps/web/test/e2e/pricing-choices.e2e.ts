/**
 * Issue 14 (items 2 and 3) in a real browser: a coupon check belongs to the code on screen and Choose
 * waits for it; the charge is the summary; Free needs no card; a trial says what happens; the success
 * page is a server-checked receipt (or /billing); the choice made signed out survives sign-up; the
 * seats field is the number typed; the change-plan dialog starts from the choice.
 */
import { readFileSync } from "node:fs";

import type { Browser, Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { fillSignUp, openPage, payWithCard, signUpNewUser, waitForHydration } from "./flows";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/**
 * Holds the coupon checks of `code` at the network edge until `release()`: the check is deterministically
 * still running when the test acts. Other requests pass.
 */
async function holdCouponCheck(page: Page, code: string) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const state = { held: 0, done: false };
  await page.route(
    (url) => url.pathname.includes("payments.coupons.validate"),
    async (route) => {
      if (!(route.request().postData() ?? "").includes(code)) return route.continue();
      state.held++;
      await released;
      state.done = true;
      return route.continue();
    },
  );
  return { state, release };
}

async function couponOk(page: Page, code: string) {
  await expect.poll(() => page.getByTestId("coupon-ok").textContent()).toContain(code);
}

describe("pricing choices you can trust", () => {
  it("a coupon replaced while Choose waits: the session charges the code on screen; then the receipt; then the change-plan dialog starts from the choice", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Coupon Swap Co",
      callbackUrl: "/pricing",
    });
    await page.getByText(/^Yearly/).click();
    const coupon = page.getByLabel("Coupon code");
    await coupon.fill("SAVE10");
    await couponOk(page, "SAVE10");

    const hold = await holdCouponCheck(page, "WELCOME20");
    await coupon.fill("WELCOME20");
    // The old answer is gone the moment the code changes: never "✓ SAVE10 …" beside WELCOME20.
    expect(await page.getByTestId("coupon-ok").count()).toBe(0);
    expect(await page.getByTestId("coupon-status").textContent()).toContain("Checking WELCOME20");
    await page.getByRole("button", { name: "Choose Professional" }).click();
    await expect.poll(() => hold.state.held).toBeGreaterThan(0);
    expect(hold.state.done).toBe(false);
    expect(page.url()).toMatch(/\/pricing$/);
    hold.release();

    // 95988 − 20 % (19197.6 → 19198) = 76790: not 959.88 (the code dropped), not 863.89 (SAVE10).
    await page.waitForURL(/\/checkout\/[^/?]+$/);
    const summary = page.getByTestId("order-summary");
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toContain("Discount (WELCOME20)");
    expect(text).toMatch(/Due today\s+\$767\.90/);
    await payWithCard(page, "4242 4242 4242 4242", "Pay $767.90");

    // The success page: read on the server for this organization's paid session.
    await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
    expect(page.url()).toMatch(/\/checkout\/success\?session_id=/);
    expect(await page.getByTestId("receipt-plan").innerText()).toBe("Professional, yearly, 1 seat");
    expect(await page.getByTestId("receipt-paid").innerText()).toBe("$767.90");
    const nextYear = new Date();
    nextYear.setUTCFullYear(nextYear.getUTCFullYear() + 1);
    // WELCOME20 runs 3 months: the renewal a year on is the list price.
    expect(await page.getByTestId("receipt-next-charge").innerText()).toMatch(
      new RegExp(`^\\$959\\.88 on [A-Z][a-z]{2} \\d{1,2}, ${nextYear.getUTCFullYear()}$`),
    );
    await screenshot(page, "checkout-success-desktop");
    const receipt = page.getByRole("button", { name: /Download receipt .* \(PDF\)/ });
    const number = /receipt (\S+) \(PDF\)/.exec(await receipt.innerText())![1]!;
    const [download] = await Promise.all([page.waitForEvent("download"), receipt.click()]);
    const bytes = new Uint8Array(readFileSync(await download.path()));
    const { text: pdf } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(pdf).toContain(number);

    // Now a subscriber: seats and coupon chosen on /pricing reach the change-plan dialog.
    await openPage(page, "/pricing");
    await page.getByLabel("Seats").fill("4");
    await coupon.fill("SAVE10");
    await page.getByRole("button", { name: "Choose Starter" }).click();
    const dialog = page.getByRole("dialog", { name: "Change plan" });
    await dialog.waitFor();
    const plan = dialog.getByRole("radio", { name: "Starter", exact: true });
    await expect.poll(() => plan.isChecked()).toBe(true);
    expect(await dialog.getByLabel("Seats").inputValue()).toBe("4");
    expect(await dialog.getByTestId("coupon-note").innerText()).toContain(
      "Coupon SAVE10 is not applied",
    );
    await dialog.getByTestId("change-preview").waitFor();
    await dialog.getByRole("button", { name: "Keep current plan" }).click();
    await page.close();
  });

  it("a replaced code that fails while Choose waits: no checkout, and it says why", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Coupon Fail Co",
      callbackUrl: "/pricing",
    });
    const coupon = page.getByLabel("Coupon code");
    await coupon.fill("WELCOME20");
    await couponOk(page, "WELCOME20");
    const hold = await holdCouponCheck(page, "EXPIRED50");
    await coupon.fill("EXPIRED50");
    await page.getByRole("button", { name: "Choose Starter" }).click();
    await expect.poll(() => hold.state.held).toBeGreaterThan(0);
    hold.release();
    await page
      .getByText(/^Coupon EXPIRED50: .*Correct the code or clear it to continue\.$/)
      .waitFor();
    expect(page.url()).toMatch(/\/pricing$/);
    await page.close();
  });

  it("Free is chosen without a card: straight to its receipt, ACTIVE on billing", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Free Rider Co",
      callbackUrl: "/pricing",
    });
    const visited: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
    });
    await page.getByRole("button", { name: "Choose Free" }).click();
    await page.getByRole("heading", { name: "You are on Free" }).waitFor();
    expect(visited.filter((p) => p.startsWith("/checkout/") && p !== "/checkout/success")).toEqual(
      [],
    );
    expect(await page.getByLabel("Card number").count()).toBe(0);
    expect(await page.getByTestId("receipt-paid").innerText()).toBe("$0.00");
    await openPage(page, "/billing");
    await expect.poll(() => page.getByTestId("current-plan").innerText()).toBe("Free");
    expect(await page.getByTestId("status-badge").first().innerText()).toBe("Active");
    await page.close();
  });

  it("a trial is a real choice and says what happens: nothing today, the first charge and its date", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Trial Run Co",
      callbackUrl: "/pricing",
    });
    expect(await page.getByTestId("trial-terms-starter").innerText()).toContain(
      "nothing is charged for 14 days, then $29.99 per month",
    );
    await page.getByRole("button", { name: "Start 14-day free trial of Starter" }).click();
    await page.waitForURL(/\/checkout\/[^/?]+$/);
    const summary = page.getByTestId("order-summary");
    await summary.waitFor();
    const trialEnd = new Date(Date.now() + 14 * 86_400_000);
    const day = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
    expect(await summary.innerText()).toMatch(/Due today\s+\$0\.00/);
    expect(await summary.innerText()).toContain(
      `First charge, when the 14-day trial ends on ${day.format(trialEnd)}`,
    );
    await screenshot(page, "checkout-trial-desktop");
    await payWithCard(page, "4242 4242 4242 4242", "Start 14-day free trial");
    await page.getByRole("heading", { name: "Your trial has started" }).waitFor();
    expect(await page.getByTestId("receipt-paid").innerText()).toBe("$0.00");
    expect(await page.getByTestId("receipt-next-charge").innerText()).toBe(
      `$29.99 on ${day.format(trialEnd)}`,
    );
    await page.getByText("No receipt: nothing was charged today.").waitFor();
    await openPage(page, "/billing");
    await expect.poll(() => page.getByTestId("status-badge").first().innerText()).toBe("Trial");
    await page.close();
  });

  it("the success page sends a visitor without a paid session of their organization to /billing", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, {
      org: "Never Paid Co",
      callbackUrl: "/pricing",
    });
    await page.getByRole("button", { name: "Choose Starter" }).click();
    await page.waitForURL(/\/checkout\/[^/?]+$/);
    const openSession = new URL(page.url()).pathname.split("/").pop()!;
    for (const query of ["", `?session_id=${openSession}`, "?session_id=cs_test_not_ours"]) {
      await page.goto(`/checkout/success${query}`);
      await page.waitForURL((url) => url.pathname === "/billing");
      expect(await page.getByRole("heading", { name: "You are subscribed" }).count()).toBe(0);
    }
    await page.close();
  });

  it("a plan chosen signed out survives sign-up: preselected, then one click to its checkout", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    await openPage(page, "/pricing");
    await page.getByText(/^Yearly/).click();
    await page.getByLabel("Seats").fill("3");
    await page.getByLabel("Coupon code").fill("welcome20");
    await couponOk(page, "WELCOME20");
    await page.getByRole("button", { name: "Choose Professional" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-up");
    await waitForHydration(page);
    await fillSignUp(page, "Resumed Co");
    await page.waitForURL((url) => url.pathname === "/pricing" && url.search.includes("plan="));
    await waitForHydration(page);
    const banner = page.getByTestId("resume-choice");
    await banner.waitFor();
    expect(await banner.innerText()).toContain(
      "Professional · yearly · 3 seats · coupon WELCOME20",
    );
    expect(await page.getByLabel("Seats").inputValue()).toBe("3");
    expect(await page.getByLabel("Coupon code").inputValue()).toBe("WELCOME20");
    expect(await page.getByRole("radio", { name: /^Yearly/ }).isChecked()).toBe(true);
    await couponOk(page, "WELCOME20");
    await screenshot(page, "pricing-resume-desktop");
    await page.getByRole("button", { name: "Continue with Professional" }).click();
    // 3 × 95988 = 287964 − 20 % (57592.8 → 57593) = 230371.
    await page.waitForURL(/\/checkout\/[^/?]+$/);
    const summary = page.getByTestId("order-summary");
    await summary.waitFor();
    expect(await summary.innerText()).toContain("3 seats × ");
    expect(await summary.innerText()).toContain("Discount (WELCOME20)");
    expect(await summary.innerText()).toMatch(/Due today\s+\$2,303\.71/);
    await page.close();
  });

  it("the seats field is the number typed: Backspace then 3 is 3", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    await openPage(page, "/pricing");
    const seats = page.getByLabel("Seats");
    await seats.click();
    await seats.press("End");
    await seats.press("Backspace");
    expect(await seats.inputValue()).toBe("");
    // Empty is a step of editing: said, and nothing can be chosen meanwhile (never a silent 1).
    await page.getByText("Enter a whole number of seats from 1 to 10,000.").waitFor();
    expect(await page.getByRole("button", { name: "Choose Starter" }).isDisabled()).toBe(true);
    await seats.press("3");
    expect(await seats.inputValue()).toBe("3");
    await expect.poll(() => page.getByTestId("price-starter").innerText()).toContain("$89.97");
    expect(await page.getByRole("button", { name: "Choose Starter" }).isEnabled()).toBe(true);
    await page.close();
  });
});
