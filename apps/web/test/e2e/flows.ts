import type { Browser, Page } from "playwright-core";

/**
 * After a full page load: waits until React has hydrated the document (the app sets
 * `<html data-hydrated>`), which is when a person's click starts to do something.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  // The marker is set once the root has hydrated; a part of the page behind a Suspense boundary can
  // hydrate later, and text typed into its controlled fields before then is lost. React marks each
  // element it has hydrated with a `__reactFiber$…` key: wait until every form field has one (on a busy
  // machine the admin coupon form's fields were filled a moment too early).
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll("form input, form button, form select, form textarea")].every(
          (el) => Object.keys(el).some((key) => key.startsWith("__reactFiber$")),
        ),
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => {});
}

/** Loads a page and waits until it is interactive. */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForHydration(page);
}

export const NEW_USER_PASSWORD = "correct-horse-battery";

/** Signs up a new user and organization through the UI; lands on `callbackUrl` (default "/"). */
export async function signUpNewUser(
  browser: Browser,
  baseUrl: string,
  opts: { org: string; callbackUrl?: string; viewport?: { width: number; height: number } },
): Promise<{ page: Page; email: string }> {
  const page = await browser.newPage({
    baseURL: baseUrl,
    ...(opts.viewport ? { viewport: opts.viewport } : {}),
    acceptDownloads: true,
  });
  await openPage(
    page,
    opts.callbackUrl ? `/sign-up?callbackUrl=${encodeURIComponent(opts.callbackUrl)}` : "/sign-up",
  );
  const email = await fillSignUp(page, opts.org);
  await page.waitForURL((url) => url.pathname === (opts.callbackUrl ?? "/"));
  await waitForHydration(page);
  return { page, email };
}

/** On the sign-up page: fills the form for a new user and organization and submits it. */
export async function fillSignUp(page: Page, org: string): Promise<string> {
  const email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
  await page.getByLabel("Your name").fill("Pat Payer");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(NEW_USER_PASSWORD);
  await page.getByLabel("Organization name").fill(org);
  await page.getByRole("button", { name: "Create account" }).click();
  return email;
}

export async function signIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  viewport?: { width: number; height: number },
  password = "SalesOS-demo-1",
): Promise<Page> {
  const page = await browser.newPage({ baseURL: baseUrl, ...(viewport ? { viewport } : {}) });
  await openPage(page, "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("active-organization").waitFor();
  return page;
}

/**
 * Signs in SalesOS staff (no organization of their own: straight to /admin). `options` are the page's
 * (e.g. acceptDownloads).
 */
export async function signInAsStaff(
  browser: Browser,
  baseUrl: string,
  options: { acceptDownloads?: boolean } = {},
): Promise<Page> {
  const page = await browser.newPage({ baseURL: baseUrl, ...options });
  await openPage(page, "/sign-in?callbackUrl=%2Fadmin");
  await page.getByLabel("Email").fill("staff@salesos.test");
  await page.getByLabel("Password").fill("SalesOS-demo-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  await waitForHydration(page);
  return page;
}

/** Fills the card form of the hosted checkout or the add-card dialog and submits it. */
export async function payWithCard(
  page: Page,
  number: string,
  submit: RegExp | string,
): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 30");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill("Pat Payer");
  await page.getByRole("button", { name: submit }).click();
}

/** Starts a checkout from the pricing page for `plan` and waits for the hosted checkout page. */
export async function checkoutFromPricing(page: Page, plan: string): Promise<void> {
  await openPage(page, "/pricing");
  await page.getByRole("button", { name: `Choose ${plan}` }).click();
  await page.waitForURL(/\/checkout\/[^/]+$/);
  await page.getByTestId("order-summary").waitFor();
}
