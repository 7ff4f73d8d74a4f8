import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { keepingCallback } from "~/lib/callback-url";

import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in · SalesOS Billing" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  // A new visitor who came to sign in on the way somewhere (a plan chosen on /pricing) keeps it by
  // creating an account instead: the sign-up page returns there, as its own "Sign in" link does.
  const { callbackUrl } = await searchParams;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
      <p className="text-sm">
        <Link href="/forgot-password" className="text-indigo-700 underline">
          Forgot password?
        </Link>
      </p>
      <p className="text-sm text-slate-600">
        New to SalesOS?{" "}
        <Link href={keepingCallback("/sign-up", callbackUrl)} className="text-indigo-700 underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
