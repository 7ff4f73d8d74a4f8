import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";

import { openPage } from "./flows";
import { launchBrowser, screenshot } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the API reference page", () => {
  it("renders every payments route from /v1/openapi.json with self-hosted assets only", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    const foreign: string[] = [];
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(baseUrl) && !url.startsWith("data:") && !url.startsWith("blob:"))
        foreign.push(url);
    });
    await openPage(page, "/docs/api");
    await page.getByText("/payments/checkout", { exact: true }).first().waitFor();
    for (const path of [
      "/payments/subscriptions/{id}/change-plan",
      "/payments/invoices/{id}/pdf",
      "/payments/public/coupons/validate",
    ]) {
      expect(await page.getByText(path, { exact: true }).count(), path).toBeGreaterThan(0);
    }
    await screenshot(page, "api-reference");
    expect(foreign).toEqual([]);
    await page.close();
  });
});
