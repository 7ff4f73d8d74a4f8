/**
 * Accessibility acceptance (issue 14): axe-core runs on every page and every dialog, at desktop width
 * (1280 × 800) and on a phone (375 × 812), with the WCAG 2.0/2.1 A and AA rules, and any violation fails
 * the suite; on the phone every control is at least 44 px square. Each page and dialog is screenshotted at both widths (`<name>-desktop` / `<name>-mobile`).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { launchBrowser, screenshot } from "./browser";
import {
  checkoutFromPricing,
  openPage,
  payWithCard,
  signIn,
  signInAsStaff,
  signUpNewUser,
} from "./flows";

const baseUrl = inject("baseUrl");
let realBrowser: Browser;
/**
 * axe's Playwright runner needs pages of a context made with `browser.newContext()` (not
 * `browser.newPage()`): the flows get a browser whose `newPage` does that.
 */
let browser: Browser;
beforeAll(async () => {
  realBrowser = await launchBrowser();
  browser = {
    newPage: async (options?: BrowserContextOptions) =>
      (await realBrowser.newContext(options)).newPage(),
  } as Browser;
});
afterAll(() => realBrowser?.close());

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const VIEWPORTS = [
  ["desktop", { width: 1280, height: 800 }],
  ["mobile", { width: 375, height: 812 }],
] as const;

type Problems = string[];

/** Waits until the page's queries have settled: no loading status left in the main content. */
async function settle(page: Page): Promise<void> {
  await page
    .locator("main [role=status][aria-live]")
    .first()
    .waitFor({ state: "detached", timeout: 10_000 })
    .catch(() => {});
  // Let transitions (dialog fade-in, hover colours) finish so contrast is measured on final colours.
  await page.waitForTimeout(250);
}

/** Runs axe on what the page shows now; records every violation; screenshots it. */
async function audit(page: Page, name: string, problems: Problems): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  for (const v of violations) {
    // The first few elements in full; the count of the rest.
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `    ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`)
      .join("\n");
    const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : "";
    problems.push(`${name}: ${v.id} [${v.impact}] ${v.help}\n${nodes}${more}`);
  }
  await screenshot(page, name);
}

/**
 * On a phone, every control of ours is at least 44 × 44 px (WCAG 2.5.5): buttons, fields, selects; a
 * checkbox or radio counts its label. Swagger UI's own controls are left to its theme.
 */
async function checkTargets(page: Page, name: string, problems: Problems): Promise<void> {
  const small = await page.evaluate(() => {
    const found: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      "button, input:not([type=hidden]), select, textarea, [role=button]",
    );
    for (const el of controls) {
      if (el.closest(".swagger-ui") || el.closest("[aria-hidden=true]")) continue;
      let box = el.getBoundingClientRect();
      // A checkbox or radio (visually hidden ones too) is operated through its label.
      if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
        const label =
          el.closest("label") ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
        if (label) box = label.getBoundingClientRect();
      }
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(el).visibility === "hidden")
        continue;
      if (box.height < 43.5 || box.width < 43.5) {
        const label =
          el.getAttribute("aria-label") ??
          (el.textContent?.trim() || el.getAttribute("name") || el.id);
        found.push(
          `${el.tagName.toLowerCase()} "${label.slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return found;
  });
  if (small.length) problems.push(`${name}: targets under 44 px\n    ${small.join("\n    ")}`);
}

/**
 * Keyboard focus is visible on every control: Tab through the page (up to 80 stops) and check that the
 * focused element, or the label of a visually hidden radio or checkbox, draws an outline or a ring.
 */
async function checkFocus(page: Page, name: string, problems: Problems): Promise<void> {
  await page.locator("body").focus();
  const invisible: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    const result = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const path = (node: Element): string =>
        node.parentElement
          ? `${path(node.parentElement)}>${node.tagName}${[...node.parentElement.children].indexOf(node)}`
          : node.tagName;
      const shows = (node: Element) => {
        const style = getComputedStyle(node);
        return (
          (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
          style.boxShadow !== "none"
        );
      };
      const box = el.getBoundingClientRect();
      const label = el.closest("label");
      // A visually hidden radio or checkbox shows its focus on its label.
      const visible =
        box.width <= 1 || box.height <= 1 ? label !== null && shows(label) : shows(el);
      const text = el.getAttribute("aria-label") ?? (el.textContent ?? "").trim().slice(0, 40);
      return { key: path(el), visible, what: `${el.tagName.toLowerCase()} "${text}"` };
    });
    if (!result || seen.has(result.key)) break;
    seen.add(result.key);
    if (!result.visible) invisible.push(result.what);
  }
  if (invisible.length)
    problems.push(`${name}: focus not visible on\n    ${invisible.join("\n    ")}`);
}

/** Opens `path` at both widths and audits it. */
async function checkPage(
  page: Page,
  path: string,
  name: string,
  problems: Problems,
  ready?: (page: Page) => Promise<void>,
): Promise<void> {
  for (const [width, viewport] of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await openPage(page, path);
    await settle(page);
    if (ready) await ready(page);
    await audit(page, `${name}-${width}`, problems);
    if (width === "mobile") await checkTargets(page, `${name}-${width}`, problems);
    else await checkFocus(page, `${name}-${width}`, problems);
  }
}

/** At both widths: opens a dialog with `open` (on the current page), audits it, closes it with Escape. */
async function checkDialog(
  page: Page,
  name: string,
  problems: Problems,
  open: (page: Page) => Promise<void>,
): Promise<void> {
  for (const [width, viewport] of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await open(page);
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await settle(page);
    await audit(page, `${name}-${width}`, problems);
    if (width === "mobile") await checkTargets(page, `${name}-${width}`, problems);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  }
}

function report(problems: Problems): void {
  expect(problems, `axe violations:\n${problems.join("\n")}`).toEqual([]);
}

describe("axe: WCAG 2.1 A/AA on every page and dialog, desktop and 375 px", () => {
  it("public pages, signed out", async () => {
    const problems: Problems = [];
    const page = await browser.newPage({ baseURL: baseUrl });
    await checkPage(page, "/", "a11y-home-signed-out", problems);
    await checkPage(page, "/pricing", "a11y-pricing", problems);
    await checkPage(page, "/sign-in", "a11y-sign-in", problems);
    await checkPage(page, "/sign-up", "a11y-sign-up", problems);
    await checkPage(page, "/forgot-password", "a11y-forgot-password", problems);
    await checkPage(page, "/reset-password?token=prt_example", "a11y-reset-password", problems);
    await checkPage(page, "/dev/mailbox", "a11y-dev-mailbox", problems);
    // The API reference: no script error in the console either (under the pages' strict CSP).
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await checkPage(page, "/docs/api", "a11y-docs-api", problems, async (p) => {
      await p.getByText("/payments/checkout", { exact: true }).first().waitFor();
    });
    await page.close();
    for (const error of consoleErrors) problems.push(`a11y-docs-api: console error: ${error}`);
    report(problems);
  }, 300_000);

  it("the owner's pages and dialogs; the member's billing page", async () => {
    const problems: Problems = [];
    const page = await signIn(browser, baseUrl, "owner@acme.test");
    await checkPage(page, "/", "a11y-home", problems);
    // The header's menu on a phone.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("button", { name: "Menu" }).click();
    await audit(page, "a11y-header-menu-mobile", problems);
    await checkPage(page, "/billing", "a11y-billing-owner", problems);
    await checkPage(page, "/settings", "a11y-settings", problems);

    // Settings: the revoke-token confirmation.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel("Token name").fill("Axe token");
    await page.getByRole("button", { name: "Create token" }).click();
    const revoke = page.getByRole("button", { name: "Revoke Axe token" });
    await revoke.waitFor();
    await checkDialog(page, "a11y-dialog-revoke-token", problems, async () => {
      await revoke.click();
    });
    await checkPage(page, "/sign-out", "a11y-sign-out", problems);
    await page.close();

    const member = await signIn(browser, baseUrl, "member@acme.test");
    await checkPage(member, "/billing", "a11y-billing-member", problems);
    await member.close();
    report(problems);
  }, 300_000);

  it("checkout, its result, and every billing dialog of a new subscriber", async () => {
    const problems: Problems = [];
    const { page } = await signUpNewUser(browser, baseUrl, { org: `Axe ${Date.now()}` });
    await checkoutFromPricing(page, "Starter");
    const checkoutPath = new URL(page.url()).pathname;
    await checkPage(page, checkoutPath, "a11y-checkout", problems, async (p) => {
      await p.getByTestId("order-summary").waitFor();
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await payWithCard(page, "4242 4242 4242 4242", /^Pay /);
    await page.getByRole("heading", { name: "You are subscribed" }).waitFor();
    await checkPage(page, "/checkout/success", "a11y-checkout-success", problems);
    await checkPage(page, "/billing/confirm", "a11y-billing-confirm", problems);

    await openPage(page, "/billing");
    await page.getByRole("button", { name: "Change plan" }).waitFor();
    await checkDialog(page, "a11y-dialog-change-plan", problems, async (p) => {
      await p.getByRole("button", { name: "Change plan" }).click();
    });
    await checkDialog(page, "a11y-dialog-cancel-subscription", problems, async (p) => {
      await p.getByRole("button", { name: "Cancel subscription" }).click();
    });
    await checkDialog(page, "a11y-dialog-add-card", problems, async (p) => {
      await p.getByRole("button", { name: "Add card" }).click();
    });
    await checkDialog(page, "a11y-dialog-remove-card", problems, async (p) => {
      await p
        .getByRole("button", { name: /^Remove •••• / })
        .first()
        .click();
    });
    const payNow = page.getByRole("button", { name: "Update card and pay" });
    if (await payNow.count())
      await checkDialog(page, "a11y-dialog-pay-now", problems, async () => {
        await payNow.click();
      });
    await page.close();
    report(problems);
  }, 300_000);

  it("the admin pages and dialogs, as staff", async () => {
    const problems: Problems = [];
    const page = await signInAsStaff(browser, baseUrl);
    await checkPage(page, "/admin", "a11y-admin", problems, async (p) => {
      await p.getByRole("region", { name: "Recurring revenue" }).waitFor();
    });
    await checkPage(page, "/admin/customers", "a11y-admin-customers", problems);
    const customer = await page
      .getByTestId("customer-row")
      .first()
      .getByRole("link")
      .first()
      .getAttribute("href");
    await checkPage(page, customer!, "a11y-admin-customer", problems);
    for (const [label, name] of [
      ["Grant credit", "grant-credit"],
      ["Refund", "refund"],
      ["Extend trial", "extend-trial"],
    ] as const) {
      const opener = page.getByRole("button", { name: label, exact: true }).first();
      if (await opener.count())
        await checkDialog(page, `a11y-dialog-admin-${name}`, problems, async () => {
          await opener.click();
        });
    }

    await checkPage(page, "/admin/coupons", "a11y-admin-coupons", problems);
    const coupon = await page
      .getByTestId("coupon-row")
      .first()
      .getByRole("link")
      .first()
      .getAttribute("href");
    await checkPage(page, coupon!, "a11y-admin-coupon", problems);
    await checkDialog(page, "a11y-dialog-admin-edit-coupon", problems, async (p) => {
      await p.getByRole("button", { name: "Edit coupon" }).click();
    });

    await checkPage(page, "/admin/plans", "a11y-admin-plans", problems);
    await checkDialog(page, "a11y-dialog-admin-edit-plan", problems, async (p) => {
      await p
        .getByRole("button", { name: /^Edit / })
        .first()
        .click();
    });
    await checkDialog(page, "a11y-dialog-admin-plan-price", problems, async (p) => {
      await p
        .getByRole("button", { name: /^Change price of / })
        .first()
        .click();
    });
    await checkPage(page, "/admin/tax-rates", "a11y-admin-tax-rates", problems);
    await checkPage(page, "/admin/audit", "a11y-admin-audit", problems);
    await checkPage(page, "/admin/gateway", "a11y-admin-gateway", problems);
    await page.close();
    report(problems);
  }, 300_000);
});
