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

/** The first string holding U+0000 in an input, as a path (PostgreSQL text cannot store that character). */
function nulPath(
  value: unknown,
  path: (string | number)[] = [],
  depth = 0,
): (string | number)[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (depth > 12 || value === null || typeof value !== "object") return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key];
    const found = nulPath(child, [...path, Array.isArray(value) ? Number(key) : key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Text with a NUL character is refused before any procedure reads it: a 400 with the field, the same for
 * every route and both transports (it would otherwise reach the database and fail there).
 */
const refuseNulBytes = t.middleware(async ({ getRawInput, next }) => {
  const path = nulPath(await getRawInput());
  if (path)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "Text may not contain NUL (U+0000) characters.",
      cause: new ZodError([
        {
          code: "custom",
          path,
          message: "Text may not contain NUL (U+0000) characters.",
          input: undefined,
        },
      ]),
    });
  return next();
});

export const publicProcedure = t.procedure.use(mapAppErrors).use(refuseNulBytes);

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
