/**
 * The accessibility checks of the e2e suite (issue 14), shared by the files that list what to check
 * (axe.e2e.ts: every page and dialog; axe-past-due.e2e.ts: the dialogs of a past-due subscription):
 * axe-core with the WCAG 2.0/2.1 A and AA rules at desktop width (1280 × 800) and on a phone
 * (375 × 812), 44 px targets on the phone, visible keyboard focus on desktop, and a screenshot of each
 * (`<name>-desktop` / `<name>-mobile` in test-results/screenshots).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { expect } from "vitest";

import { screenshot } from "./browser";
import { openPage } from "./flows";

/**
 * axe's Playwright runner needs pages of a context made with `browser.newContext()` (not
 * `browser.newPage()`): the flows get a browser whose `newPage` does that.
 */
export function contextBrowser(real: Browser): Browser {
  return {
    newPage: async (options?: BrowserContextOptions) => (await real.newContext(options)).newPage(),
  } as Browser;
}

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
export const VIEWPORTS = [
  ["desktop", { width: 1280, height: 800 }],
  ["mobile", { width: 375, height: 812 }],
] as const;

export type Problems = string[];

/**
 * Waits until the page's queries have settled: no loading skeleton (`Loading`, marked data-loading) left
 * in the main content. Not any live region: the coupon field's status is one, always there.
 */
export async function settle(page: Page): Promise<void> {
  await page
    .locator("main [data-loading]")
    .first()
    .waitFor({ state: "detached", timeout: 10_000 })
    .catch(() => {});
  // Let transitions (dialog fade-in, hover colours) finish so contrast is measured on final colours.
  await page.waitForTimeout(250);
}

/** Runs axe on what the page shows now; records every violation; screenshots it. */
export async function audit(page: Page, name: string, problems: Problems): Promise<void> {
  // Only violations are reported: asking axe for them alone (resultTypes) spares it collecting every
  // passing node. options() replaces the whole options object, so it comes before withTags.
  const { violations } = await new AxeBuilder({ page })
    .options({ resultTypes: ["violations"] })
    .withTags(WCAG_TAGS)
    .analyze();
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
export async function checkTargets(page: Page, name: string, problems: Problems): Promise<void> {
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
export async function checkFocus(page: Page, name: string, problems: Problems): Promise<void> {
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
export async function checkPage(
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
export async function checkDialog(
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

export function report(problems: Problems): void {
  expect(problems, `axe violations:\n${problems.join("\n")}`).toEqual([]);
}
