/**
 * Pages arrive with their content (issue 14, item 1): the HTML the server sends, before any script runs,
 * holds the plans and prices on /pricing, the subscription on /billing, the order on a checkout page and
 * the tokens on /settings — the same procedures as the browser's calls, run during server rendering.
 */
import { describe, expect, inject, it } from "vitest";

import { formatMoney } from "@salesos/validators";

import { httpSession } from "./http-session";

const baseUrl = inject("baseUrl");
const { signIn, trpc, html } = httpSession(baseUrl);

interface PublicPlan {
  id: string;
  name: string;
  currency: string;
  prices: { monthly: number | null; yearly: number | null };
}

/** React escapes text in HTML: compare against the escaped form. */
const escaped = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

describe("server-rendered pages", () => {
  it("/pricing holds every plan's name and monthly price, signed out", async () => {
    const plans = (await (await fetch(`${baseUrl}/v1/plans`)).json()) as PublicPlan[];
    expect(plans.length).toBeGreaterThan(1);
    const page = await html("/pricing");
    expect(page).not.toContain("Loading plans");
    for (const plan of plans) {
      expect(page, plan.name).toContain(escaped(plan.name));
      if (plan.prices.monthly !== null)
        expect(page, plan.name).toContain(formatMoney(plan.prices.monthly, plan.currency));
    }
  });

  it("/billing holds the subscription's plan, and /settings the tokens, for the session's cookie", async () => {
    const session = await signIn("owner@acme.test", "SalesOS-demo-1");
    const list = (await trpc(
      session,
      "payments.subscriptions.list?input=" +
        encodeURIComponent(JSON.stringify({ json: { page: 1, limit: 10 } })),
    )) as {
      body: { result: { data: { json: { data: { plan: { name: string } }[] } } } };
    };
    const planName = list.body.result.data.json.data[0]!.plan.name;
    const billing = await html("/billing", session);
    expect(billing).toContain(escaped(planName));
    expect(billing).toContain("<title>Billing · SalesOS Billing</title>");
    const settings = await html("/settings", session);
    expect(settings).toContain("<title>Settings · SalesOS Billing</title>");
  });

  it("a checkout page holds the order: plan and seats, no loading line", async () => {
    const email = `ssr-${Date.now()}@example.test`;
    const password = "first-password-1";
    const signUp = await trpc(new Map(), "auth.signUp", {
      name: "Sid Server",
      email,
      password,
      organizationName: "SSR Co",
    });
    expect(signUp.status).toBe(200);
    const session = await signIn(email, password);
    const plans = (await (await fetch(`${baseUrl}/v1/plans`)).json()) as PublicPlan[];
    const plan = plans.find((p) => (p.prices.monthly ?? 0) > 0)!;
    const created = (await trpc(session, "payments.checkout.create", {
      licenseTypeId: plan.id,
      billingCycle: "monthly",
      quantity: 3,
    })) as { status: number; body: { result: { data: { json: { url: string } } } } };
    expect(created.status).toBe(200);
    const page = await html(new URL(created.body.result.data.json.url).pathname, session);
    expect(page).not.toContain("Loading your order");
    expect(page).toContain(escaped(plan.name));
    expect(page).toContain(formatMoney(plan.prices.monthly! * 3, plan.currency));
  });
});
