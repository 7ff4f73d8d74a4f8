import type { Metadata } from "next";
import Link from "next/link";

import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password · SalesOS Billing" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Reset your password</h1>
      <p className="text-sm text-slate-600">
        Enter the e-mail address of your account. We mail you a link that sets a new password; it
        works once, for one hour.
      </p>
      <ForgotPasswordForm />
      <p className="text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/sign-in" className="text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
