/**
 * The header fits one row at 375 px, its links sit behind a Menu button there, and a toast never covers it
 * (issue 14, item 5).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { checkoutFromPricing, openPage, signIn, signUpNewUser } from "./flows";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the header", () => {
  it("is one row at 375 px; the menu opens the links; a toast stays clear of it", async () => {
    const page = await signIn(browser, baseUrl, "owner@acme.test", { width: 375, height: 812 });
    await openPage(page, "/settings");
    const header = page.locator("header");
    const box = (await header.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(64);
    expect(await page.getByRole("link", { name: "Billing", exact: true }).isVisible()).toBe(false);
    const menu = page.getByRole("button", { name: "Menu" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    await menu.click();
    await page.getByRole("link", { name: "Billing", exact: true }).waitFor();
    await screenshot(page, "header-menu-mobile");
    await page.getByRole("link", { name: "Billing", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/billing");
    await expect
      .poll(() => page.getByRole("link", { name: "Billing", exact: true }).isVisible())
      .toBe(false);

    // A toast (a failed password change) appears below the header, never over it.
    await openPage(page, "/settings");
    await page.getByLabel("Current password").fill("wrong-password-1");
    await page.getByLabel("New password").fill("another-password-2");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("The current password is not right.").waitFor();
    const toast = page.locator("[data-sonner-toast]");
    if (await toast.count()) {
      const toastBox = (await toast.first().boundingBox())!;
      expect(toastBox.y).toBeGreaterThan(box.y + box.height);
    }
    await page.close();
  });

  it("a checkout shows the logo only: no menu to wander off to mid-payment", async () => {
    const { page } = await signUpNewUser(browser, baseUrl, { org: "Focus Co" });
    await checkoutFromPricing(page, "Starter");
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    await page.getByText("Secure checkout").waitFor();
    await page.close();
  });
});
