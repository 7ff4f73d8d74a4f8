"use client";

import { signOut } from "next-auth/react";

import { Button } from "~/components/ui/button";

export default function SignOutPage() {
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">Sign out</h1>
      <p className="text-slate-600">
        This ends your session on our side too: a copy of it elsewhere stops working at once. You
        will need your password to come back. Your API tokens keep working until they expire or are
        revoked.
      </p>
      <Button onClick={() => void signOut({ callbackUrl: "/sign-in" })}>Sign out</Button>
    </div>
  );
}
