import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, ZodRealError } from "zod";

import { managesBilling } from "@salesos/billing";
import { currentRequestId } from "@salesos/log";
import { AppError } from "@salesos/validators";

import type { Context } from "./context";
import { describeError, toTRPCError } from "./errors";
import { findUnstorableText } from "./unstorable-text";

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
    errorFormatter({ shape, error, ctx }) {
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
          // The request's id (X-Request-Id), to find its log lines: the server's request scope, else
          // the context's (which read the header the production server set).
          requestId: currentRequestId() ?? ctx?.requestId,
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

/**
 * Text the database cannot store (U+0000, lone surrogates; see unstorable-text.ts) is refused before any
 * procedure reads it, in any field, query or object key: a 400 VALIDATION_FAILED naming the field, the same
 * for every route and both transports. The input schemas refuse it too (the text type); this also covers
 * what no text schema reads.
 */
const refuseUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  const found = findUnstorableText(await getRawInput());
  if (found)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: found.message,
      // ZodRealError, the one zod throws: a plain `new ZodError` is no Error, so tRPC would wrap it as an
      // unknown cause and the answer would lose its `issues`.
      cause: new ZodRealError([
        { code: "custom", path: found.path, message: found.message, input: undefined },
      ]),
    });
  return next();
});

export const publicProcedure = t.procedure.use(mapAppErrors).use(refuseUnstorableText);

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

/**
 * OWNER or ADMIN of the active organization: everything that changes billing, and everything that
 * shows invoice data (invoices, amounts due, previews, attempts, notices, cards, the customer). The
 * rule is billing's `managesBilling`, the one the use cases ask too.
 */
export const orgAdminProcedure = orgProcedure.use(({ ctx, next }) => {
  if (!managesBilling(ctx.actor.role)) {
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
