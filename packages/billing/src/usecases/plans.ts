/** Route `GET /v1/plans`: the public price list, one prepared statement without Prisma (fast-read.ts). */
import { columns, fastRead, Prisma } from "@salesos/db";

import type { BillingDeps } from "../deps";
import { toPlanView, type PlanView } from "../views";

const SELECT = `
  SELECT ${columns(Prisma.PlanScalarFieldEnum, "p")}
    FROM plans p
   WHERE p.is_active AND p.is_public
   ORDER BY p.sort_order ASC, p.name ASC`;

export async function listPublicPlans(deps: Pick<BillingDeps, "db">): Promise<PlanView[]> {
  const rows = await fastRead<Prisma.PlanModel>(deps.db, {
    name: "public_plans",
    text: SELECT,
    values: [],
  });
  return rows.map(toPlanView);
}
