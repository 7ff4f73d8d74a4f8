import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { keepingCallback } from "~/lib/callback-url";

import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account · SalesOS Billing" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  // A visitor who already has an account keeps what they chose (e.g. a plan on /pricing) by signing in.
  const { callbackUrl } = await searchParams;
  const signIn = keepingCallback("/sign-in", callbackUrl);
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Create your account</h1>
      <p className="text-sm text-slate-600">You become the owner of a new organization.</p>
      <Suspense>
        <SignUpForm />
      </Suspense>
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={signIn} className="text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
