/**
 * Every page passes its own Content-Security-Policy (issue 13): each is loaded in Chromium as the person
 * who would see it, must hydrate (its scripts ran, with the answer's nonce), and must log no CSP violation
 * — neither a `securitypolicyviolation` event nor a console report. Markup injected into a page cannot run
 * its inline handler, which shows the policy is enforced, not only sent.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser } from "./browser";
import {
  checkoutFromPricing,
  openPage,
  signInAsStaff,
  signUpNewUser,
  waitForHydration,
} from "./flows";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Collects every CSP violation the page reports, from the first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void })
        .__reportCspViolation;
      void report(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      );
    });
  });
  return violations;
}

async function expectClean(page: Page, violations: string[], paths: string[]): Promise<void> {
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toMatch(/script-src [^;]*'nonce-/);
    await waitForHydration(page);
    await page.waitForLoadState("networkidle");
    expect(violations, path).toEqual([]);
  }
}

/** The links on a list page that lead to its detail pages (e.g. /admin/customers/<id>). */
async function firstDetailPath(page: Page, listPath: string): Promise<string> {
  await openPage(page, listPath);
  const href = await page
    .locator(`a[href^="${listPath}/"]`)
    .first()
    .getAttribute("href", { timeout: 15_000 });
  expect(href, listPath).toBeTruthy();
  return href!;
}

describe("Content-Security-Policy on every page", () => {
  it("public pages; an inline handler injected into the page is refused", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    const violations = await watchViolations(page);
    await expectClean(page, violations, ["/", "/pricing", "/sign-in", "/sign-up", "/docs/api"]);
    // The API reference really rendered (Swagger UI runs under the policy).
    await page.getByText("/payments/checkout", { exact: true }).first().waitFor();
    expect(violations).toEqual([]);

    // Markup injected into the page (the XSS this guards against) cannot run its inline handler.
    await page.evaluate(() => {
      const box = document.createElement("div");
      box.innerHTML = `<img src="data:," onerror="window.__injected = true">`;
      document.body.append(box);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(
      await page.evaluate(() => (window as { __injected?: boolean }).__injected),
    ).toBeUndefined();
    await page.close();
  });

  it("a customer's pages, checkout included", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, { org: "CSP Co" });
    const violations = await watchViolations(page);
    await expectClean(page, violations, [
      "/billing",
      "/settings",
      "/sign-out",
      "/checkout/success",
      "/billing/confirm",
    ]);
    await checkoutFromPricing(page, "Starter");
    await page.reload();
    await waitForHydration(page);
    await page.waitForLoadState("networkidle");
    expect(violations, page.url()).toEqual([]);
    await page.close();
  });

  it("the admin pages, as staff", async () => {
    const page = await signInAsStaff(browser, baseUrl);
    const violations = await watchViolations(page);
    const customer = await firstDetailPath(page, "/admin/customers");
    const coupon = await firstDetailPath(page, "/admin/coupons");
    await expectClean(page, violations, [
      "/admin",
      "/admin/customers",
      customer,
      "/admin/coupons",
      coupon,
      "/admin/plans",
      "/admin/tax-rates",
      "/admin/audit",
      "/admin/gateway",
    ]);
    await page.close();
  });
});
