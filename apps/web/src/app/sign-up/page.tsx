import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account · SalesOS Billing" };

export default function SignUpPage() {
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Create your account</h1>
      <p className="text-sm text-slate-600">You become the owner of a new organization.</p>
      <Suspense>
        <SignUpForm />
      </Suspense>
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
