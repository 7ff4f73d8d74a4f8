"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSession } from "next-auth/react";

import { useTRPC } from "~/trpc/react";

import { OrganizationSwitcher } from "./organization-switcher";

export function SiteHeader() {
  const { status } = useSession();
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.account.me.queryOptions(), enabled: status === "authenticated" });
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 py-3"
      >
        <Link href="/" className="font-semibold text-indigo-700">
          SalesOS Billing
        </Link>
        <Link href="/pricing" className="text-sm text-slate-700 hover:text-indigo-700">
          Pricing
        </Link>
        {status === "authenticated" ? (
          <Link href="/billing" className="text-sm text-slate-700 hover:text-indigo-700">
            Billing
          </Link>
        ) : null}
        <Link href="/docs/api" className="text-sm text-slate-700 hover:text-indigo-700">
          API
        </Link>
        {status === "authenticated" ? (
          <>
            <Link href="/settings" className="text-sm text-slate-700 hover:text-indigo-700">
              Settings
            </Link>
            {me.data?.user.isPlatformAdmin ? (
              <Link href="/admin" className="text-sm font-medium text-indigo-700 hover:underline">
                Admin
              </Link>
            ) : null}
            <div className="ml-auto flex items-center gap-3">
              <OrganizationSwitcher />
              <Link href="/sign-out" className="text-sm text-slate-700 hover:text-indigo-700">
                Sign out
              </Link>
            </div>
          </>
        ) : status === "unauthenticated" ? (
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Link href="/sign-in" className="text-slate-700 hover:text-indigo-700">
              Sign in
            </Link>
            <Link
              href="/sign-up"
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-white hover:bg-indigo-700"
            >
              Sign up
            </Link>
          </div>
        ) : null}
      </nav>
    </header>
  );
}
