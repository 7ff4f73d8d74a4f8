import { transaction } from "@salesos/db";
import type { TaxRateInput } from "@salesos/validators";

import type { BillingDeps } from "../deps";
import { writeCatalogueAudit, type StaffRef } from "./staff-audit";

/** Tax rates by country (one per country), for staff; invoices snapshot the rate they used. */
export function listTaxRates(deps: Pick<BillingDeps, "db">) {
  return deps.db.taxRate.findMany({ orderBy: { country: "asc" } });
}

/** Creates or replaces a country's rate; the next invoices of customers there use it. */
export async function upsertTaxRate(
  deps: Pick<BillingDeps, "db">,
  args: { staff: StaffRef; input: TaxRateInput; now: Date },
) {
  const { input, now } = args;
  return transaction(deps.db, async (tx) => {
    const rate = await tx.taxRate.upsert({
      where: { country: input.country },
      create: { ...input, createdAt: now },
      update: { name: input.name, percentBps: input.percentBps, isActive: input.isActive },
    });
    await writeCatalogueAudit(tx, args.staff, {
      action: "tax_rate.saved",
      targetType: "tax_rate",
      targetId: rate.id,
      data: { ...input },
      now,
    });
    return rate;
  });
}
