import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, inject, it } from "vitest";

import { launchBrowser } from "./browser";
import { billingJourney, localDriver } from "./journey";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the whole billing journey on the LOCAL gateway", () => {
  it("signs up, subscribes yearly with a coupon, upgrades, downloads the PDF, manages cards, cancels and resumes", async () => {
    await billingJourney(browser, baseUrl, localDriver);
  });
});
