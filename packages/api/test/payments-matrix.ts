import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRestHarness, type GatewayName, type RestHarness } from "./rest-harness";

type Resource = "subscription" | "invoice" | "paymentMethod" | null;
interface RouteCase {
  method: string;
  path: string;
  resource: Resource;
  memberAllowed?: boolean;
  isPublic?: boolean;
  /** A body or query that fails validation. */
  invalid: { body?: unknown; query?: string };
  valid?: { body?: unknown; query?: string };
}

const ROUTES: RouteCase[] = [
  {
    method: "POST",
    path: "/public/coupons/validate",
    resource: null,
    isPublic: true,
    invalid: { body: { code: "" } },
    valid: { body: { code: "WELCOME20" } },
  },
  {
    method: "POST",
    path: "/checkout",
    resource: null,
    invalid: { body: { licenseTypeId: "x", billingCycle: "weekly" } },
  },
  { method: "GET", path: "/billing/customer", resource: null, invalid: { query: "?foo=1" } },
  {
    method: "PUT",
    path: "/billing/customer",
    resource: null,
    invalid: { body: { email: "not-an-email" } },
  },
  { method: "POST", path: "/billing/portal", resource: null, invalid: { body: { returnUrl: 5 } } },
  {
    method: "GET",
    path: "/subscriptions",
    resource: null,
    memberAllowed: true,
    invalid: { query: "?limit=500" },
  },
  {
    method: "GET",
    path: "/subscriptions/{id}",
    resource: "subscription",
    memberAllowed: true,
    invalid: { query: "?expand=all" },
  },
  {
    method: "POST",
    path: "/subscriptions/{id}/cancel",
    resource: "subscription",
    invalid: { body: { immediately: "yes" } },
  },
  {
    method: "POST",
    path: "/subscriptions/{id}/resume",
    resource: "subscription",
    invalid: { body: { now: true } },
  },
  {
    method: "POST",
    path: "/subscriptions/{id}/change-plan",
    resource: "subscription",
    invalid: { body: { newLicenseTypeId: "" } },
    valid: { body: { newLicenseTypeId: "PLAN" } },
  },
  {
    method: "GET",
    path: "/subscriptions/{id}/upgrade-preview",
    resource: "subscription",
    invalid: { query: "?newLicenseTypeId=x&billingCycle=daily" },
    valid: { query: "?newLicenseTypeId=PLAN&billingCycle=monthly" },
  },
  { method: "GET", path: "/invoices", resource: null, invalid: { query: "?page=0" } },
  { method: "GET", path: "/invoices/{id}", resource: "invoice", invalid: { query: "?x=1" } },
  { method: "GET", path: "/invoices/{id}/pdf", resource: "invoice", invalid: { query: "?x=1" } },
  { method: "GET", path: "/payment-methods", resource: null, invalid: { query: "?x=1" } },
  {
    method: "POST",
    path: "/payment-methods",
    resource: null,
    invalid: { body: { paymentMethodId: "" } },
    valid: { body: { paymentMethodId: "pm_local_unknown" } },
  },
  {
    method: "DELETE",
    path: "/payment-methods/{id}",
    resource: "paymentMethod",
    invalid: { body: { force: true } },
  },
  {
    method: "PUT",
    path: "/payment-methods/{id}/default",
    resource: "paymentMethod",
    invalid: { body: { extra: 1 } },
  },
  {
    method: "POST",
    path: "/coupons/validate",
    resource: null,
    invalid: { body: { code: "x".repeat(65) } },
  },
];

/**
 * Who may call each route and what bad input gets, the same on both gateways (payments-matrix.test.ts
 * runs it on LOCAL, payments-matrix-stripe.test.ts on STRIPE against the Stripe test server).
 */
export function describePaymentsMatrix(gateway: GatewayName): void {
  let h: RestHarness;
  beforeAll(async () => {
    h = await createRestHarness({ gateway });
  });
  afterAll(() => h.close());

  function pathFor(route: RouteCase): string {
    const id =
      route.resource === "subscription"
        ? h.ids.acmeSubscription
        : route.resource === "invoice"
          ? h.ids.acmeInvoice
          : route.resource === "paymentMethod"
            ? h.ids.acmeMethods[1]!
            : "";
    return `/v1/payments${route.path.replace("{id}", id)}`;
  }

  async function send(
    route: RouteCase,
    token: string | undefined,
    input: { body?: unknown; query?: string } = route.valid ?? {},
  ) {
    const path = pathFor(route) + (input.query ?? "");
    if (route.path === "/invoices/{id}/pdf") {
      const res = await h.pdf(h.ids.acmeInvoice, token);
      return {
        status: res.status,
        body: res.headers.get("content-type")?.includes("json")
          ? ((await res.json()) as { code?: string; issues?: unknown })
          : {},
      };
    }
    const body =
      input.body === undefined
        ? undefined
        : JSON.parse(JSON.stringify(input.body).replace('"PLAN"', `"${h.ids.professional}"`));
    const res = await h.call(route.method, path.replace("=PLAN", `=${h.ids.professional}`), {
      ...(token ? { token } : {}),
      ...(body === undefined ? {} : { body }),
    });
    return {
      status: res.status,
      body: res.text
        ? ((await res.json()) as { code?: string; issues?: unknown[]; recentInvoices?: unknown[] })
        : {},
    };
  }

  const statuses: number[] = [];

  describe(`the access and validation matrix of the 19 routes (${gateway})`, () => {
    it("lists exactly the 19 routes of the published reference", () => {
      expect(ROUTES).toHaveLength(19);
    });

    for (const route of ROUTES) {
      describe(`${route.method} ${route.path}`, () => {
        it(route.isPublic ? "needs no token" : "is 401 without a token", async () => {
          const res = await send(route, undefined);
          statuses.push(res.status);
          if (route.isPublic) expect(res.status).toBe(200);
          else expect(res.body).toMatchObject({ code: "UNAUTHORIZED" });
        });

        if (!route.isPublic) {
          it(route.memberAllowed ? "lets a MEMBER read" : "is 403 for a MEMBER", async () => {
            const res = await send(route, h.tokens.member);
            statuses.push(res.status);
            if (route.memberAllowed) {
              expect(res.status).toBe(200);
              // A MEMBER reads subscriptions, never their invoices (docs/decisions.md).
              expect("recentInvoices" in res.body ? res.body.recentInvoices : []).toEqual([]);
            } else expect([res.status, res.body.code]).toEqual([403, "FORBIDDEN"]);
          });
        }

        if (route.resource) {
          it("is 404 for another organization's resource", async () => {
            const res = await send(route, h.tokens.globex);
            statuses.push(res.status);
            expect([res.status, res.body.code]).toEqual([404, "NOT_FOUND"]);
          });
        }

        if (route.path !== "/invoices/{id}/pdf") {
          it("is 400 with issues for an invalid body or query, and for unknown fields", async () => {
            const res = await send(
              route,
              route.isPublic ? undefined : h.tokens.owner,
              route.invalid,
            );
            statuses.push(res.status);
            expect(res.status).toBe(400);
            expect(res.body.code).toBe("VALIDATION_FAILED");
            expect(Array.isArray(res.body.issues) && res.body.issues.length > 0).toBe(true);
          });
        }
      });
    }

    it("never answered 500 across the matrix", () => {
      expect(statuses.length).toBeGreaterThan(50);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    });
  });
}
