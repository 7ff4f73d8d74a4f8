import { z } from "zod";

import { organizationForStaff, searchOrganizations } from "@salesos/billing";
import { idSchema, text } from "@salesos/validators";

import { adminProcedure, createTRPCRouter } from "../../trpc";
import { adminRoute } from "../payments/meta";
import {
  cursorPage,
  cursorPageInput,
  organizationDetailOutput,
  organizationSummaryOutput,
} from "./schemas";

export const adminOrganizationsRouter = createTRPCRouter({
  search: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/organizations",
        "customers",
        "Search organizations",
        "By name, billing e-mail or a member's e-mail (contains, any case), or an invoice number (exact). Newest first, keyset-paged.",
      ),
    )
    .input(z.object({ q: text({ max: 200 }).optional(), ...cursorPageInput }).strict())
    .output(cursorPage(organizationSummaryOutput))
    .query(({ ctx, input }) => searchOrganizations(ctx.billing, input)),

  get: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/organizations/{id}",
        "customers",
        "An organization's billing",
        "Members, billing customer and credit balance, subscriptions, the last 20 invoices and payment attempts, cards (brand and last4 only), the last 50 audit entries.",
      ),
    )
    .input(z.object({ id: idSchema }).strict())
    .output(organizationDetailOutput)
    .query(({ ctx, input }) => organizationForStaff(ctx.billing, { organizationId: input.id })),
});
