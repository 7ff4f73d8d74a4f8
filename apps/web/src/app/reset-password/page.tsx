import type { Metadata } from "next";
import Link from "next/link";

import { FormAlert } from "~/components/ui/account-form";

import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Set a new password · SalesOS Billing" };

/** Where the mailed link lands: `?token=…`. The token is checked only when the form is sent. */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  const value = typeof token === "string" && /^[\w-]{1,200}$/.test(token) ? token : null;
  return (
    <div className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Set a new password</h1>
      {value ? (
        <ResetPasswordForm token={value} />
      ) : (
        <FormAlert>
          This reset link is incomplete. Open the link from the mail again, or{" "}
          <Link href="/forgot-password" className="underline">
            ask for a new one
          </Link>
          .
        </FormAlert>
      )}
    </div>
  );
}
