import { z } from "zod";

import { text } from "./text";

/** Record ids (cuid) and gateway ids: the text rules too, so NUL or a lone surrogate is a 400, not a lookup. */
export const idSchema = text({ min: 1, max: 64 });

export const emailSchema = text({ max: 254 })
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }));

/** New passwords: long enough to resist guessing, short enough that bcrypt sees all of it (72 bytes). */
export const newPasswordSchema = text({
  trim: false,
  min: 10,
  max: 72,
  tooShort: "Use at least 10 characters.",
  tooLong: "Use at most 72 characters.",
});

/** A password being checked: exactly as typed (never trimmed), at most 200 characters. */
export const passwordSchema = text({
  trim: false,
  min: 1,
  max: 200,
  tooShort: "Enter your password.",
});

export const roleSchema = z.enum(["OWNER", "ADMIN", "MEMBER"]);
export type Role = z.infer<typeof roleSchema>;

export const signUpSchema = z
  .object({
    name: text({ min: 1, max: 100, tooShort: "Enter your name." }),
    email: emailSchema,
    password: newPasswordSchema,
    organizationName: text({ min: 1, max: 100, tooShort: "Name your organization." }),
  })
  .strict();
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
  })
  .strict();
export type SignInInput = z.infer<typeof signInSchema>;

export const API_TOKEN_LIFETIMES_DAYS = [7, 30, 90, 365] as const;

export const createApiTokenSchema = z
  .object({
    name: text({ min: 1, max: 80, tooShort: "Name the token." }),
    expiresInDays: z.literal(API_TOKEN_LIFETIMES_DAYS),
  })
  .strict();
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

/** "Forgot password?": the address to mail a reset link to. */
export const passwordResetRequestSchema = z.object({ email: emailSchema }).strict();
export type PasswordResetRequestInput = z.infer<typeof passwordResetRequestSchema>;

/** The reset page: the token from the mailed link and the new password (the sign-up rules). */
export const passwordResetSchema = z
  .object({
    token: text({ min: 1, max: 200, tooShort: "This reset link is incomplete." }),
    password: newPasswordSchema,
  })
  .strict();
export type PasswordResetInput = z.infer<typeof passwordResetSchema>;
