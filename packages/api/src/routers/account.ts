import { z } from "zod";

import { createApiToken, listApiTokens, listMemberships, revokeApiToken } from "@salesos/auth";
import { createApiTokenSchema, idSchema, roleSchema } from "@salesos/validators";

import { createTRPCRouter, orgProcedure, protectedProcedure } from "../trpc";
import { changePasswordProcedure } from "./account-password";

const meOutput = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    isPlatformAdmin: z
      .boolean()
      .describe("SalesOS staff: the /v1/admin routes and the admin pages."),
  }),
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
  role: roleSchema.nullable(),
});

export const accountRouter = createTRPCRouter({
  me: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/me",
        tags: ["auth"],
        summary: "Who am I",
        description:
          "The caller's user, the organization the token acts for, and their role in it.",
        errorResponses: { 401: "Missing, invalid, expired or revoked token" },
      },
    })
    .input(z.void())
    .output(meOutput)
    .query(({ ctx }) => {
      const { user, organization, role } = ctx.actor;
      return {
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          isPlatformAdmin: user.isPlatformAdmin,
        },
        organization,
        role,
      };
    }),

  changePassword: changePasswordProcedure,

  memberships: protectedProcedure.query(({ ctx }) =>
    listMemberships(ctx.db, { userId: ctx.actor.user.id }),
  ),

  apiTokens: createTRPCRouter({
    list: orgProcedure.query(({ ctx }) => listApiTokens(ctx.db, { actor: ctx.actor })),
    /** The token is in this response only: it is never stored and cannot be shown again. */
    create: orgProcedure.input(createApiTokenSchema).mutation(async ({ ctx, input }) => {
      const token = await createApiToken(ctx.db, { actor: ctx.actor, input });
      return { id: token.id, accessToken: token.accessToken, expiresAt: token.expiresAt };
    }),
    revoke: orgProcedure
      .input(z.object({ id: idSchema }).strict())
      .mutation(({ ctx, input }) =>
        revokeApiToken(ctx.db, { actor: ctx.actor, tokenId: input.id }),
      ),
  }),
});
