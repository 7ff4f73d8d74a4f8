/**
 * Failures read as plain words with a working "Try again" (issue 14, item 4): a 500 with a non-JSON body
 * (a proxy's error page) and a dropped connection, on the invoices of /billing. The network is cut at the
 * browser's edge (playwright's routing), the app itself runs unchanged.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import { openPage, signIn } from "./flows";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("error states", () => {
  it("a 500 and a dropped connection each show a message and a Try again that works", async () => {
    const page = await signIn(browser, baseUrl, "owner@acme.test");
    await openPage(page, "/billing");
    let failure: "500" | "offline" | null = "500";
    await page.route("**/api/trpc/payments.invoices.list*", async (route) => {
      if (failure === "500")
        return route.fulfill({
          status: 500,
          contentType: "text/plain",
          body: "Internal Server Error",
        });
      if (failure === "offline") return route.abort("internetdisconnected");
      return route.continue();
    });
    const status = page.getByLabel("Status");
    const alert = page.getByRole("alert").filter({ hasText: /Try again|on our side|reach/ });

    await status.selectOption("PAID");
    await expect
      .poll(() => alert.innerText(), { timeout: 15_000 })
      .toContain("Something went wrong on our side");
    expect(await alert.innerText()).not.toMatch(/Unexpected token|not valid JSON|Internal S/);
    await screenshot(page, "billing-error-500");
    failure = null;
    await page.getByRole("button", { name: "Try again" }).click();
    await page
      .getByRole("button", { name: /Download PDF of/ })
      .first()
      .waitFor();

    failure = "offline";
    await status.selectOption("OPEN");
    await expect
      .poll(() => alert.innerText(), { timeout: 15_000 })
      .toContain("We could not reach SalesOS");
    expect(await alert.innerText()).not.toContain("Failed to fetch");
    failure = null;
    await page.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => alert.count()).toBe(0);
    await page.close();
  });
});
