import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";

import { AppError } from "@salesos/validators";

import type { Context } from "./context";
import { describeError, toTRPCError } from "./errors";

/** Validation problems as the contract shows them: a dotted path and a message each. */
function issuesOf(error: TRPCError): { path: string; message: string }[] | undefined {
  if (!(error.cause instanceof ZodError)) return undefined;
  return error.cause.issues.map((issue) => ({
    path: issue.path.join("."),
    message: issue.message,
  }));
}

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta<{ successStatus?: number }>>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const facts = describeError(error);
      return {
        ...shape,
        message: facts.message,
        data: {
          code: shape.data.code,
          httpStatus: facts.status,
          path: shape.data.path,
          appCode: facts.code,
          details: facts.details,
          issues: issuesOf(error),
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const createMiddleware = t.middleware;

/** A thrown AppError becomes the tRPC error of its code (one table: errors.ts). */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(mapAppErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor)
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in or send a valid Bearer token." });
  return next({ ctx: { actor: ctx.actor } });
});

/** Any member of the active organization. */
export const orgProcedure = protectedProcedure.use(({ ctx, next }) => {
  const { organization, role } = ctx.actor;
  if (!organization || !role)
    throw new TRPCError({ code: "FORBIDDEN", message: "Choose an organization first." });
  return next({ ctx: { actor: { ...ctx.actor, organization, role } } });
});

/** OWNER or ADMIN of the active organization: everything that changes billing. */
export const orgAdminProcedure = orgProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role === "MEMBER") {
    throw toTRPCError(
      new AppError("FORBIDDEN", "Only an owner or admin of the organization can do this."),
    );
  }
  return next();
});

/** SalesOS staff (platform admins) only. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.actor.user.isPlatformAdmin)
    throw new TRPCError({ code: "FORBIDDEN", message: "Staff only." });
  return next();
});
