import { z } from "zod";

import { gatewayStatus, listAuditLog, revenueMetrics } from "@salesos/billing";
import { idSchema, text } from "@salesos/validators";

import { adminProcedure, createTRPCRouter } from "../../trpc";
import { adminRoute } from "../payments/meta";
import {
  auditEntryOutput,
  cursorPage,
  cursorPageInput,
  gatewayStatusOutput,
  metricsOutput,
} from "./schemas";

const DAY = 86_400_000;

/**
 * A bound of the range, 1970 to 9999: a date JavaScript can hold (up to +275760-09-13) but the database
 * cannot (a year of six digits, or year 0) would otherwise fail the query (500) instead of being a 400.
 */
const RANGE_MESSAGE = "Use a date between 1970-01-01 and 9999-12-31.";
const rangeBound = z.coerce
  .date()
  .min(new Date("1970-01-01T00:00:00Z"), { error: RANGE_MESSAGE })
  .max(new Date("9999-12-31T23:59:59.999Z"), { error: RANGE_MESSAGE });

/** The dashboard's range: `from` ≤ `to`, at most ten years; default the last twelve months. */
const rangeInput = z
  .object({
    from: rangeBound.optional().describe("Start of the range (inclusive). Default: 365 days ago."),
    to: rangeBound.optional().describe("End of the range (exclusive). Default: now."),
  })
  .strict()
  .refine((r) => !r.from || !r.to || r.from < r.to, { message: "`from` must be before `to`." })
  .refine((r) => !r.from || !r.to || r.to.getTime() - r.from.getTime() <= 3660 * DAY, {
    message: "The range is at most ten years.",
  });

export const adminReportsRouter = createTRPCRouter({
  metrics: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/metrics",
        "dashboard",
        "Revenue metrics",
        "MRR and ARR now (yearly normalised to a month, net of running discounts; ACTIVE and PAST_DUE), counts by status, subscriptions started and ended per month of the range, revenue collected by plan, failed-payment recovery. Every figure per currency, computed in SQL.",
      ),
    )
    .input(rangeInput)
    .output(metricsOutput)
    .query(({ ctx, input }) => {
      const now = new Date();
      return revenueMetrics(ctx.billing, {
        asOf: now,
        from: input.from ?? new Date(now.getTime() - 365 * DAY),
        to: input.to ?? now,
      });
    }),

  auditLog: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/audit-log",
        "audit",
        "The audit log",
        "Every billing change and staff action, newest first; filter by organization, action prefix (e.g. `coupon.`) or actor.",
      ),
    )
    .input(
      z
        .object({
          organizationId: idSchema.optional(),
          action: text({ min: 1, max: 100 }).optional(),
          actorUserId: idSchema.optional(),
          ...cursorPageInput,
        })
        .strict(),
    )
    .output(cursorPage(auditEntryOutput))
    .query(({ ctx, input }) => listAuditLog(ctx.billing, input)),

  gateway: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/gateway",
        "gateway",
        "Gateway status",
        "The active gateway, the last webhook processed, webhooks in the last 24 hours, and payment attempts waiting for an outcome. Never a key or a secret.",
      ),
    )
    .input(z.object({}).strict())
    .output(gatewayStatusOutput)
    .query(({ ctx }) => gatewayStatus(ctx.billing, { now: new Date() })),
});
