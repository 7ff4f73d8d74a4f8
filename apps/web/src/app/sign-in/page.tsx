import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in · SalesOS Billing" };

export default function SignInPage() {
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
        <Link href="/sign-up" className="text-indigo-700 underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
