import { passwordGrant } from "@salesos/auth";
import { createBillingDeps, seedDemoBilling } from "@salesos/billing";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { handleRestRequest } from "../src/rest";
import { handleInvoicePdfRequest } from "../src/rest-pdf";

export interface RestHarness {
  database: TestDatabase;
  tokens: { owner: string; admin: string; member: string; globex: string };
  call(
    method: string,
    path: string,
    opts?: {
      token?: string;
      body?: unknown;
      raw?: string;
      address?: string;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; headers: Headers; json: () => Promise<any>; text: string }>;
  pdf(invoiceId: string, token?: string): Promise<Response>;
  ids: {
    acmeSubscription: string;
    acmeInvoice: string;
    acmeMethods: string[];
    professional: string;
    starter: string;
    enterprise: string;
  };
}

/** The demo data (Acme with its subscription, Globex without) behind the real REST adapter. */
export async function createRestHarness(): Promise<RestHarness> {
  const database = await createTestDatabase();
  const db = database.db;
  await seedDemoData(db);
  await seedDemoBilling(
    createBillingDeps({
      db,
      appUrl: "http://localhost:3000",
      authSecret: process.env.AUTH_SECRET!,
    }),
    { now: new Date() },
  );
  const grant = async (email: string) =>
    (await passwordGrant(db, { email, password: "SalesOS-demo-1" })).accessToken;
  const [owner, admin, member, globex] = await Promise.all(
    ["owner@acme.test", "admin@acme.test", "member@acme.test", "owner@globex.test"].map(grant),
  );
  const subscription = await db.subscription.findFirstOrThrow({
    where: { organizationId: "org_demo_acme" },
  });
  const invoice = await db.invoice.findFirstOrThrow({ where: { organizationId: "org_demo_acme" } });
  const methods = await db.paymentMethod.findMany({
    where: { organizationId: "org_demo_acme" },
    orderBy: { createdAt: "asc" },
  });
  const plan = async (slug: string) => (await db.plan.findUniqueOrThrow({ where: { slug } })).id;
  let counter = 0;
  return {
    database,
    tokens: { owner: owner!, admin: admin!, member: member!, globex: globex! },
    async call(method, path, opts = {}) {
      const headers = new Headers({
        "x-forwarded-for": opts.address ?? `198.18.0.${++counter % 250}`,
        ...opts.headers,
      });
      if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
      const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      if (body !== undefined && !headers.has("content-type"))
        headers.set("content-type", "application/json");
      const res = await handleRestRequest(
        new Request(`http://localhost${path}`, { method, headers, body: body ?? null }),
        { db },
      );
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: async () => JSON.parse(text) };
    },
    pdf(invoiceId, token) {
      const headers = new Headers(token ? { authorization: `Bearer ${token}` } : {});
      return handleInvoicePdfRequest(
        new Request(`http://localhost/v1/payments/invoices/${invoiceId}/pdf`, { headers }),
        invoiceId,
        { db },
      );
    },
    ids: {
      acmeSubscription: subscription.id,
      acmeInvoice: invoice.id,
      acmeMethods: methods.map((m) => m.id),
      professional: await plan("professional"),
      starter: await plan("starter"),
      enterprise: await plan("enterprise"),
    },
  };
}
