"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { newPasswordSchema } from "@salesos/validators";

import { AccountForm, FormDone } from "~/components/ui/account-form";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { useTRPC } from "~/trpc/react";

const formSchema = z
  .object({ password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, {
    message: "The two passwords differ.",
    path: ["confirm"],
  });
type FormInput = z.infer<typeof formSchema>;

export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<FormInput>({
    resolver: zodResolver(formSchema),
    defaultValues: { password: "", confirm: "" },
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await reset.mutateAsync({ token, password: values.password });
      setDone(true);
    } catch (error) {
      setFailure((error as Error).message);
    }
  });

  if (done)
    return (
      <FormDone>
        Your new password is set, and every session of your account was signed out.{" "}
        <Link href="/sign-in" className="font-medium underline">
          Sign in
        </Link>{" "}
        with it.
      </FormDone>
    );

  return (
    <AccountForm
      onSubmit={onSubmit}
      failure={
        failure ? (
          <>
            {failure}{" "}
            <Link href="/forgot-password" className="underline">
              Ask for a new link
            </Link>
          </>
        ) : null
      }
    >
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        {...form.register("password")}
        error={form.formState.errors.password?.message}
      />
      <Field
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        {...form.register("confirm")}
        error={form.formState.errors.confirm?.message}
      />
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? "Saving…" : "Set new password"}
      </Button>
    </AccountForm>
  );
}
