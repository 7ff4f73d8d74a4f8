import type { PrismaClient } from "./generated/prisma/client";
import type { PlanTier, Role } from "./generated/prisma/enums";
import { hashPassword } from "./password";

/** The development password of every demo login. Never used outside demo data. */
export const DEMO_PASSWORD = "SalesOS-demo-1";

export const DEMO_LOGINS: {
  email: string;
  name: string;
  org: string | null;
  role: Role | null;
  staff?: true;
}[] = [
  { email: "owner@acme.test", name: "Olivia Owner", org: "Acme Sales", role: "OWNER" },
  { email: "admin@acme.test", name: "Adam Admin", org: "Acme Sales", role: "ADMIN" },
  { email: "member@acme.test", name: "Mia Member", org: "Acme Sales", role: "MEMBER" },
  { email: "owner@globex.test", name: "Gus Globex", org: "Globex", role: "OWNER" },
  { email: "staff@salesos.test", name: "Sam Staff", org: null, role: null, staff: true },
];

// Fixed ids keep the seed idempotent and let tests and docs name the demo organizations.
const DEMO_ORGS = [
  { id: "org_demo_acme", name: "Acme Sales" },
  { id: "org_demo_globex", name: "Globex" },
];

interface PlanSeed {
  slug: string;
  name: string;
  description: string;
  tier: PlanTier;
  monthlyPrice: number;
  yearlyPrice: number;
  trialDays: number;
  maxUsers: number | null;
  features: string[];
  sortOrder: number;
}

/** The catalogue of domain.md, in USD minor units, prices per seat. */
export const PLAN_CATALOGUE: PlanSeed[] = [
  {
    slug: "free",
    name: "Free",
    description: "For trying SalesOS on your own.",
    tier: "FREE",
    monthlyPrice: 0,
    yearlyPrice: 0,
    trialDays: 0,
    maxUsers: 1,
    features: ["Contacts and deals", "1 pipeline"],
    sortOrder: 0,
  },
  {
    slug: "starter",
    name: "Starter",
    description: "For small sales teams.",
    tier: "STARTER",
    monthlyPrice: 2999,
    yearlyPrice: 29988,
    trialDays: 14,
    maxUsers: 5,
    features: ["Everything in Free", "5 pipelines", "Email sync"],
    sortOrder: 1,
  },
  {
    slug: "professional",
    name: "Professional",
    description: "For growing teams that forecast.",
    tier: "PROFESSIONAL",
    monthlyPrice: 9999,
    yearlyPrice: 95988,
    trialDays: 14,
    maxUsers: 25,
    features: ["Everything in Starter", "Forecasting", "Workflow automation"],
    sortOrder: 2,
  },
  {
    slug: "enterprise",
    name: "Enterprise",
    description: "For large organizations.",
    tier: "ENTERPRISE",
    monthlyPrice: 29999,
    yearlyPrice: 299988,
    trialDays: 30,
    maxUsers: null,
    features: ["Everything in Professional", "SSO", "Audit log", "Unlimited users"],
    sortOrder: 3,
  },
];

export interface SeedSummary {
  plans: number;
  users: number;
  organizations: number;
}

/** Idempotent: running it again changes nothing and duplicates nothing. */
export async function seedDemoData(db: PrismaClient): Promise<SeedSummary> {
  for (const plan of PLAN_CATALOGUE) {
    const { maxUsers } = plan;
    const data = { ...plan, currency: "usd", limits: { maxUsers } };
    const saved = await db.plan.upsert({ where: { slug: plan.slug }, create: data, update: {} });
    // Its current price rows (the history starts here), unless it has them already.
    for (const [cycle, amount] of [
      ["monthly", saved.monthlyPrice],
      ["yearly", saved.yearlyPrice],
    ] as const) {
      if (amount === null) continue;
      const current = await db.planPrice.findFirst({
        where: {
          planId: saved.id,
          billingCycle: cycle,
          currency: saved.currency,
          supersededAt: null,
        },
      });
      if (!current)
        await db.planPrice.create({
          data: {
            planId: saved.id,
            billingCycle: cycle,
            currency: saved.currency,
            unitAmount: amount,
          },
        });
    }
  }
  for (const org of DEMO_ORGS) {
    await db.organization.upsert({ where: { id: org.id }, create: org, update: {} });
  }
  // One hash for all demo users: they share the demo password, and bcrypt is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const login of DEMO_LOGINS) {
    const user = await db.user.upsert({
      where: { email: login.email },
      create: {
        email: login.email,
        name: login.name,
        passwordHash,
        isPlatformAdmin: login.staff ?? false,
      },
      update: {},
    });
    const org = DEMO_ORGS.find((o) => o.name === login.org);
    if (org && login.role) {
      await db.membership.upsert({
        where: { userId_organizationId: { userId: user.id, organizationId: org.id } },
        create: { userId: user.id, organizationId: org.id, role: login.role },
        update: {},
      });
    }
  }
  return {
    plans: PLAN_CATALOGUE.length,
    users: DEMO_LOGINS.length,
    organizations: DEMO_ORGS.length,
  };
}
