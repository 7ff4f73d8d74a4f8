/**
 * Destructive actions ask first, and focus goes back where it came from (issue 14, items 4 and 6):
 * Remove card opens a confirmation that says what happens; Cancel and Escape do nothing and return focus
 * to the button that opened it. A card already saved is refused inside the dialog, keeping what was typed.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { openPage, payWithCard, signIn } from "./flows";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const focusedLabel = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? null);

describe("confirmations", () => {
  it("Remove card asks first; Cancel and Escape keep the card and return focus to the button", async () => {
    const page = await signIn(browser, baseUrl, "owner@acme.test", { width: 375, height: 800 });
    await openPage(page, "/billing");
    const cards = page.getByTestId("payment-method");
    const before = await cards.count();
    expect(before).toBeGreaterThan(0);
    const remove = page.getByRole("button", { name: /^Remove •••• / }).first();
    const label = await remove.getAttribute("aria-label");

    await remove.click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Remove .+•••• \d{4}\?/);
    await screenshot(page, "billing-remove-card-confirm-mobile");
    await page.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    // Focus comes back as the dialog unmounts: a moment after it is hidden.
    await expect.poll(() => focusedLabel(page)).toBe(label);

    await remove.focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    // Focus comes back as the dialog unmounts: a moment after it is hidden.
    await expect.poll(() => focusedLabel(page)).toBe(label);
    expect(await cards.count()).toBe(before);
    await page.close();
  });

  it("a card already saved is refused inside the dialog, and what was typed stays", async () => {
    const page = await signIn(browser, baseUrl, "owner@acme.test");
    await openPage(page, "/billing");
    await page.getByRole("button", { name: "Add card" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a card" });
    await dialog.waitFor();
    await payWithCard(page, "4242 4242 4242 4242", "Save card");
    await dialog.getByText(/is already saved/).waitFor();
    expect(await dialog.getByLabel("Card number").inputValue()).not.toBe("");
    await screenshot(page, "billing-add-card-duplicate");
    await page.close();
  });
});
