import { z } from "zod";

import { listDeadJobs, queueCounts, retryDeadJob } from "@salesos/billing";
import { AppError } from "@salesos/validators";

import { adminProcedure, createTRPCRouter } from "../../trpc";

const deadJobOutput = z.object({
  id: z.string(),
  queue: z.string(),
  data: z.unknown(),
  error: z.string(),
  tries: z.number().int(),
  createdAt: z.date(),
  failedAt: z.date().nullable(),
});

/**
 * Background work for staff (in-app only, not part of the published REST routes): jobs waiting per
 * queue, and the dead letters (jobs that failed every try) with their error and a Retry.
 */
export const adminJobsRouter = createTRPCRouter({
  overview: adminProcedure
    .input(z.object({}).strict().optional())
    .output(
      z.object({
        waiting: z.record(z.string(), z.number().int()),
        active: z.number().int(),
        failed: z.number().int(),
        dead: z.array(deadJobOutput),
      }),
    )
    .query(async ({ ctx }) => {
      const [counts, dead] = await Promise.all([queueCounts(ctx.db), listDeadJobs(ctx.db)]);
      return { ...counts, dead };
    }),
  retry: adminProcedure
    .input(z.object({ id: z.uuid("Not a job id.").max(36) }).strict())
    .output(z.object({ retried: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await retryDeadJob(ctx.db, input.id)))
        throw new AppError(
          "NOT_FOUND",
          "No failed job with this id (it may have been retried already).",
        );
      return { retried: true as const };
    }),
});
