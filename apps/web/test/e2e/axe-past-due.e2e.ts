/**
 * axe on the "Update card and pay" dialog (issue 14): it is shown only for a PAST_DUE subscription, so
 * this file starts a server whose demo organization's renewal has failed (past-due-server.ts), and
 * audits the billing page and the dialog at 1280 and 375 px like every other (axe-audit.ts).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkDialog, checkPage, contextBrowser, report, type Problems } from "./axe-audit";
import { launchBrowser } from "./browser";
import { signIn } from "./flows";
import { startPastDueServer } from "./past-due-server";

let realBrowser: Browser;
let browser: Browser;
let server: Awaited<ReturnType<typeof startPastDueServer>> | undefined;
beforeAll(async () => {
  server = await startPastDueServer();
  realBrowser = await launchBrowser();
  browser = contextBrowser(realBrowser);
}, 240_000);
afterAll(async () => {
  await realBrowser?.close();
  await server?.stop();
});

describe("axe: a past-due subscription", () => {
  it("the billing page and the 'Update card and pay' dialog, desktop and 375 px", async () => {
    const problems: Problems = [];
    const page = await signIn(browser, server!.baseUrl, "owner@acme.test");
    await checkPage(page, "/billing", "a11y-billing-past-due", problems, async (p) => {
      await p.getByRole("button", { name: "Update card and pay" }).waitFor();
    });
    expect(await page.getByTestId("status-badge").first().innerText()).toBe("Past due");
    await checkDialog(page, "a11y-dialog-pay-now", problems, async (p) => {
      await p.getByRole("button", { name: "Update card and pay" }).click();
    });
    await page.close();
    report(problems);
  }, 300_000);
});
