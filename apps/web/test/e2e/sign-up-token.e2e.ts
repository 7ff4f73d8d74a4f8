import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { openPage } from "./flows";
import { launchBrowser, screenshot } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("sign up, land in the organization, create an API token, use it", () => {
  it("walks the whole path in a real browser", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    const email = `e2e-${Date.now()}@example.test`;

    await openPage(page, "/sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByRole("alert").count()).toBeGreaterThan(0); // client-side field errors first

    await page.getByLabel("Your name").fill("Erin Tester");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill("correct-horse-battery");
    await page.getByLabel("Organization name").fill("Tester & <Sons>");
    await screenshot(page, "sign-up");
    await page.getByRole("button", { name: "Create account" }).click();

    await page.getByTestId("active-organization").waitFor();
    expect(await page.getByTestId("active-organization").innerText()).toContain("Tester & <Sons>");
    expect(await page.getByTestId("active-organization").innerText()).toContain("OWNER");

    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByLabel("Token name").fill("Browser test");
    await page.getByRole("button", { name: "Create token" }).click();
    const tokenText = (await page.getByTestId("new-api-token").innerText()).trim();
    await page.getByRole("cell", { name: "Browser test", exact: true }).waitFor();
    await screenshot(page, "settings-api-tokens");

    const me = await fetch(`${baseUrl}/v1/me`, {
      headers: { Authorization: `Bearer ${tokenText}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { email },
      organization: { name: "Tester & <Sons>" },
      role: "OWNER",
    });

    // Revoking it on the page makes it 401 at once.
    // Revoking asks first; only the dialog's button acts.
    await page.getByRole("button", { name: "Revoke Browser test" }).click();
    await page.getByRole("dialog", { name: "Revoke “Browser test”?" }).waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(
      (await fetch(`${baseUrl}/v1/me`, { headers: { Authorization: `Bearer ${tokenText}` } }))
        .status,
    ).toBe(200);
    await page.getByRole("button", { name: "Revoke Browser test" }).click();
    await page.getByRole("button", { name: "Revoke token" }).click();
    await page.getByText("Revoked").waitFor();
    const after = await fetch(`${baseUrl}/v1/me`, {
      headers: { Authorization: `Bearer ${tokenText}` },
    });
    expect(after.status).toBe(401);
    await page.close();
  });

  it("signs in a demo user, shows a wrong password as one generic message, and signs out", async () => {
    const page = await browser.newPage({ baseURL: baseUrl });
    await openPage(page, "/sign-in");
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Invalid email or password.").waitFor();
    await page.getByLabel("Password").fill("SalesOS-demo-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("active-organization").waitFor();
    expect(await page.getByTestId("active-organization").innerText()).toContain("ADMIN");
    await screenshot(page, "home-signed-in");
    await page.goto("/sign-out");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto("/settings");
    await page.waitForURL(/\/sign-in\?callbackUrl=%2Fsettings/);
    await page.close();
  });
});
