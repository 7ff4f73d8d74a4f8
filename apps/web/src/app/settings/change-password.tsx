"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { toast } from "sonner";

import { changePasswordSchema, type ChangePasswordInput } from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { useTRPC } from "~/trpc/react";

interface FieldIssue {
  path?: unknown;
  message?: unknown;
}

/** The message the API gave for one field (details.issues), if any. */
function issueFor(error: unknown, field: string): string | null {
  const data = (error as { data?: { details?: { issues?: FieldIssue[] } } }).data;
  const issue = data?.details?.issues?.find((i) => i.path === field);
  return typeof issue?.message === "string" ? issue.message : null;
}

export function ChangePassword() {
  const trpc = useTRPC();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "" },
  });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const result = await change.mutateAsync(values);
      form.reset();
      toast.success(
        result.endedSessions > 0
          ? `Password changed. ${result.endedSessions} other ${result.endedSessions === 1 ? "session was" : "sessions were"} signed out.`
          : "Password changed.",
      );
    } catch (error) {
      const wrongCurrent = issueFor(error, "currentPassword");
      if (wrongCurrent) form.setError("currentPassword", { message: wrongCurrent });
      else toast.error((error as Error).message);
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="max-w-sm space-y-3">
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        {...form.register("currentPassword")}
        error={form.formState.errors.currentPassword?.message}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        {...form.register("newPassword")}
        error={form.formState.errors.newPassword?.message}
      />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        Change password
      </Button>
    </form>
  );
}
