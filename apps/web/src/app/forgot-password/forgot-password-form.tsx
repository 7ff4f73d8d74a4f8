"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { passwordResetRequestSchema, type PasswordResetRequestInput } from "@salesos/validators";

import { AccountForm, FormDone } from "~/components/ui/account-form";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { useTRPC } from "~/trpc/react";

/** One answer for every address, known or not: the page never tells which addresses have accounts. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<PasswordResetRequestInput>({
    resolver: zodResolver(passwordResetRequestSchema),
    defaultValues: { email: "" },
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await request.mutateAsync(values);
      setSentTo(values.email);
    } catch (error) {
      setFailure((error as Error).message);
    }
  });

  if (sentTo)
    return (
      <FormDone>
        If an account exists for {sentTo}, we have sent it a link to set a new password. Check your
        inbox; the link works for one hour.
      </FormDone>
    );

  return (
    <AccountForm onSubmit={onSubmit} failure={failure}>
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        {...form.register("email")}
        error={form.formState.errors.email?.message}
      />
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? "Sending…" : "Send reset link"}
      </Button>
    </AccountForm>
  );
}
