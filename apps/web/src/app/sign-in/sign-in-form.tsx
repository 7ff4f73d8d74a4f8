"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { signInSchema, type SignInInput } from "@salesos/validators";

import { AccountForm } from "~/components/ui/account-form";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { safeCallbackUrl } from "~/lib/callback-url";

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<SignInInput>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "" },
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      // One message for every bad credential; the rate limit says so itself.
      setFailure(
        result?.error?.startsWith("Too many") ? result.error : "Invalid email or password.",
      );
      return;
    }
    router.push(safeCallbackUrl(params.get("callbackUrl")) ?? "/");
    router.refresh();
  });

  return (
    <AccountForm onSubmit={onSubmit} failure={failure}>
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        {...form.register("email")}
        error={form.formState.errors.email?.message}
      />
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        {...form.register("password")}
        error={form.formState.errors.password?.message}
      />
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </AccountForm>
  );
}
