import { changePassword } from "@salesos/auth";
import { changePasswordSchema } from "@salesos/validators";

import { protectedProcedure } from "../trpc";

/**
 * In-app only (no REST path): the settings page's form, from a signed-in session. Ends the user's other
 * sessions and password-grant tokens (see changePassword).
 */
export const changePasswordProcedure = protectedProcedure
  .input(changePasswordSchema)
  .mutation(({ ctx, input }) => changePassword(ctx.db, { actor: ctx.actor, ...input }));
