"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";

import { signUpSchema, type SignUpInput } from "@salesos/validators";

import { AccountForm } from "~/components/ui/account-form";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { safeCallbackUrl } from "~/lib/callback-url";
import { useTRPC } from "~/trpc/react";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const form = useForm<SignUpInput>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { name: "", email: "", password: "", organizationName: "" },
  });
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await signUp.mutateAsync(values);
    } catch (error) {
      const message = error instanceof Error ? error.message : "Could not create the account.";
      form.setError(/already exists/.test(message) ? "email" : "root", { message });
      return;
    }
    const result = await signIn("credentials", {
      email: values.email,
      password: values.password,
      redirect: false,
    });
    if (!result || result.error) {
      toast.error("Account created, but signing in failed. Please sign in.");
      router.push("/sign-in");
      return;
    }
    toast.success("Welcome to SalesOS Billing");
    router.push(safeCallbackUrl(params.get("callbackUrl")) ?? "/");
    router.refresh();
  });

  const errors = form.formState.errors;
  return (
    <AccountForm onSubmit={onSubmit} failure={errors.root?.message}>
      <Field
        label="Your name"
        autoComplete="name"
        {...form.register("name")}
        error={errors.name?.message}
      />
      <Field
        label="Work email"
        type="email"
        autoComplete="email"
        {...form.register("email")}
        error={errors.email?.message}
      />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Field
        label="Organization name"
        autoComplete="organization"
        {...form.register("organizationName")}
        error={errors.organizationName?.message}
      />
      <Button type="submit" className="w-full" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? "Creating…" : "Create account"}
      </Button>
    </AccountForm>
  );
}
