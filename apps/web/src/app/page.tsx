import type { Metadata } from "next";
import Link from "next/link";

import { Card } from "~/components/ui/card";
import { getActor } from "~/server/actor";

export const metadata: Metadata = { title: "SalesOS Billing — plans, invoices and payments" };

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const actor = await getActor();
  if (!actor) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Billing for SalesOS</h1>
        <p className="text-slate-600">
          Plans, invoices, cards and coupons for your SalesOS organization.
        </p>
        <div className="flex gap-3">
          <Link href="/sign-up" className="rounded-md bg-indigo-600 px-4 py-2 text-white">
            Create an account
          </Link>
          <Link href="/sign-in" className="rounded-md border border-slate-300 bg-white px-4 py-2">
            Sign in
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Welcome, {actor.user.name}</h1>
      <Card title="Your organization">
        {actor.organization ? (
          <p data-testid="active-organization">
            <span className="font-medium">{actor.organization.name}</span>
            <span className="ml-2 rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
              {actor.role}
            </span>
          </p>
        ) : (
          <p className="text-slate-600">You are not a member of any organization.</p>
        )}
        <p className="mt-4 text-sm">
          <Link href="/settings" className="text-indigo-700 underline">
            Settings and API tokens
          </Link>
        </p>
      </Card>
    </div>
  );
}
