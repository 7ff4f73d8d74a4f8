import { z } from "zod";

import { createPasswordReset, passwordGrant, resetPassword, signUp } from "@salesos/auth";
import { sendPasswordResetMail } from "@salesos/billing";
import {
  emailSchema,
  idSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
  passwordSchema,
  signUpSchema,
} from "@salesos/validators";

import { apiEnv } from "../env";
import { enforceRateLimit } from "../rate-limit";
import { createTRPCRouter, publicProcedure } from "../trpc";

const tokenInput = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    organizationId: idSchema
      .optional()
      .describe("The organization the token acts for; default: the user's first."),
  })
  .strict();

const tokenOutput = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresAt: z.date().describe("ISO-8601 UTC; tokens from this route live one hour."),
});

export const authRouter = createTRPCRouter({
  token: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/token",
        tags: ["auth"],
        summary: "Exchange email and password for an API token",
        description:
          "Returns a signed JWT (`sub`, `org`, `role`, `jti`, `exp`) for `Authorization: Bearer`, valid one hour. Any bad credential — unknown email, wrong password, not a member of `organizationId` — is the same 401 `INVALID_CREDENTIALS`. Rate limited per client address and per email (429 `RATE_LIMITED` with `Retry-After`). Long-lived tokens are created on the settings page. SalesOS staff (platform admins) with no organization get a staff token (`org` null) that only the `/v1/admin` routes accept.",
        protect: false,
        errorResponses: {
          400: "Invalid body",
          401: "Invalid credentials",
          429: "Too many attempts",
        },
      },
    })
    .input(tokenInput)
    .output(tokenOutput)
    .mutation(async ({ ctx, input }) => {
      const rule = { limit: apiEnv().RATE_LIMIT_AUTH_PER_MINUTE, windowSeconds: 60 };
      await enforceRateLimit(ctx.db, { ...rule, bucket: "auth-token:address" }, ctx.clientAddress);
      await enforceRateLimit(ctx.db, { ...rule, bucket: "auth-token:email" }, input.email);
      const token = await passwordGrant(ctx.db, input);
      return {
        accessToken: token.accessToken,
        tokenType: "Bearer" as const,
        expiresAt: token.expiresAt,
      };
    }),

  /** The sign-up page: creates the user and their organization; the page then signs in. */
  signUp: publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
    await enforceRateLimit(
      ctx.db,
      { bucket: "sign-up:address", limit: apiEnv().RATE_LIMIT_AUTH_PER_MINUTE, windowSeconds: 60 },
      ctx.clientAddress,
    );
    const { user, organizationId } = await signUp(ctx.db, { input });
    return { userId: user.id, organizationId };
  }),

  /**
   * "Forgot password?" (the sign-in page): the same answer whether or not the address has an account,
   * so nobody learns which addresses do. Limited like sign-in, per address and per e-mail. The mail
   * is sent after the answer, not awaited: how long SMTP takes (or that it failed) must not tell
   * either. A failed send is logged; the person asks again (the queue will retry it as a job).
   */
  requestPasswordReset: publicProcedure
    .input(passwordResetRequestSchema)
    .mutation(async ({ ctx, input }) => {
      const perAccount = apiEnv().RATE_LIMIT_AUTH_PER_MINUTE;
      await enforceRateLimit(
        ctx.db,
        { bucket: "password-reset:address", limit: perAccount * 5, windowSeconds: 60 },
        ctx.clientAddress,
      );
      await enforceRateLimit(
        ctx.db,
        { bucket: "password-reset:email", limit: perAccount, windowSeconds: 60 },
        input.email,
      );
      const now = new Date();
      const grant = await createPasswordReset(ctx.db, { email: input.email, now });
      if (grant) {
        const resetUrl = new URL("/reset-password", apiEnv().NEXTAUTH_URL);
        resetUrl.searchParams.set("token", grant.token);
        void sendPasswordResetMail(ctx.billing, {
          to: grant.email,
          resetUrl: resetUrl.toString(),
          tokenId: grant.tokenId,
          expiresAt: grant.expiresAt,
          now,
        }).catch((error: unknown) => {
          console.error(`Password reset mail ${grant.tokenId} was not sent:`, error);
        });
      }
      return { sent: true as const };
    }),

  /** The reset page: a mailed token sets a new password and ends every session of the account. */
  resetPassword: publicProcedure.input(passwordResetSchema).mutation(async ({ ctx, input }) => {
    await enforceRateLimit(
      ctx.db,
      {
        bucket: "password-reset-use:address",
        limit: apiEnv().RATE_LIMIT_AUTH_PER_MINUTE * 5,
        windowSeconds: 60,
      },
      ctx.clientAddress,
    );
    await resetPassword(ctx.db, {
      token: input.token,
      newPassword: input.password,
      now: new Date(),
    });
    return { reset: true as const };
  }),
});
