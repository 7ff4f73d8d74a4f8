import { createTRPCRouter } from "../../trpc";
import { adminActionsRouter } from "./actions";
import { adminCouponsRouter, adminTaxRatesRouter } from "./catalogue";
import { adminJobsRouter } from "./jobs";
import { adminOrganizationsRouter } from "./organizations";
import { adminPlansRouter } from "./plans";
import { adminReportsRouter } from "./reports";

/** The staff router: every procedure behind adminProcedure; the REST ones under /v1/admin. */
export const adminRouter = createTRPCRouter({
  organizations: adminOrganizationsRouter,
  actions: adminActionsRouter,
  plans: adminPlansRouter,
  coupons: adminCouponsRouter,
  taxRates: adminTaxRatesRouter,
  reports: adminReportsRouter,
  jobs: adminJobsRouter,
});
