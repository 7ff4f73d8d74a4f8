import { z } from "zod";

import { newPasswordSchema } from "./identity";
import { text } from "./text";

/** The settings page's password form; the API checks the current password, the form the rest. */
export const changePasswordSchema = z
  .object({
    currentPassword: text({
      trim: false,
      min: 1,
      max: 200,
      tooShort: "Enter your current password.",
    }),
    newPassword: newPasswordSchema,
  })
  .strict();
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
