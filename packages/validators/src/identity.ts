import { z } from "zod";

export const idSchema = z.string().trim().min(1).max(64);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address." }));

/** New passwords: long enough to resist guessing, short enough that bcrypt sees all of it (72 bytes). */
export const newPasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(72, "Use at most 72 characters.");

export const roleSchema = z.enum(["OWNER", "ADMIN", "MEMBER"]);
export type Role = z.infer<typeof roleSchema>;

export const signUpSchema = z
  .object({
    name: z.string().trim().min(1, "Enter your name.").max(100),
    email: emailSchema,
    password: newPasswordSchema,
    organizationName: z.string().trim().min(1, "Name your organization.").max(100),
  })
  .strict();
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z
  .object({
    email: emailSchema,
    password: z.string().min(1, "Enter your password.").max(200),
  })
  .strict();
export type SignInInput = z.infer<typeof signInSchema>;

export const API_TOKEN_LIFETIMES_DAYS = [7, 30, 90, 365] as const;

export const createApiTokenSchema = z
  .object({
    name: z.string().trim().min(1, "Name the token.").max(80),
    expiresInDays: z.literal(API_TOKEN_LIFETIMES_DAYS),
  })
  .strict();
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;
