"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useSession } from "next-auth/react";
import { useEffect, useState, type ReactNode } from "react";

import { useTRPC } from "~/trpc/react";

import { OrganizationSwitcher } from "./organization-switcher";

const LINK =
  "flex min-h-11 items-center rounded-md px-2 text-sm text-slate-700 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:min-h-0 sm:px-0";

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`${LINK} ${current ? "font-semibold text-indigo-700" : ""}`}
    >
      {children}
    </Link>
  );
}

/**
 * One row at every width: the logo and, on phones, a Menu button that opens the links below it (on wider
 * screens the links sit in the row). Closes on navigation.
 */
export function SiteHeader() {
  const { status } = useSession();
  const trpc = useTRPC();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const me = useQuery({ ...trpc.account.me.queryOptions(), enabled: status === "authenticated" });
  useEffect(() => setOpen(false), [pathname]);
  const signedIn = status === "authenticated";

  // A checkout is focused, as Stripe's is: the logo and nothing to wander off to mid-payment.
  if (pathname.startsWith("/checkout/")) {
    return (
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex min-h-14 max-w-5xl items-center justify-between px-4">
          <Link href="/pricing" className="font-semibold text-indigo-700">
            SalesOS Billing
          </Link>
          <span className="text-sm text-slate-600">Secure checkout</span>
        </div>
      </header>
    );
  }

  const links = (
    <>
      <NavLink href="/pricing">Pricing</NavLink>
      {signedIn ? <NavLink href="/billing">Billing</NavLink> : null}
      <NavLink href="/docs/api">API</NavLink>
      {signedIn ? <NavLink href="/settings">Settings</NavLink> : null}
      {me.data?.user.isPlatformAdmin ? <NavLink href="/admin">Admin</NavLink> : null}
    </>
  );
  const account = signedIn ? (
    <>
      <OrganizationSwitcher />
      <NavLink href="/sign-out">Sign out</NavLink>
    </>
  ) : status === "unauthenticated" ? (
    <>
      <NavLink href="/sign-in">Sign in</NavLink>
      <Link
        href="/sign-up"
        className="flex min-h-11 items-center justify-center rounded-md bg-indigo-600 px-3 text-sm text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 sm:min-h-9"
      >
        Sign up
      </Link>
    </>
  ) : null;

  return (
    <header className="relative z-30 border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto max-w-5xl px-4">
        <div className="flex min-h-14 items-center gap-5">
          <Link href="/" className="font-semibold whitespace-nowrap text-indigo-700">
            SalesOS Billing
          </Link>
          <div className="hidden items-center gap-5 sm:flex">{links}</div>
          <div className="ml-auto hidden items-center gap-4 sm:flex">{account}</div>
          <button
            type="button"
            className="ml-auto flex min-h-11 min-w-11 items-center justify-center rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:hidden"
            aria-expanded={open}
            aria-controls="main-menu"
            onClick={() => setOpen((v) => !v)}
          >
            {open ? "Close" : "Menu"}
          </button>
        </div>
        {open ? (
          <div
            id="main-menu"
            className="flex flex-col gap-1 border-t border-slate-100 py-2 sm:hidden"
          >
            {links}
            <div className="mt-2 flex flex-col gap-2 border-t border-slate-100 pt-2">{account}</div>
          </div>
        ) : null}
      </nav>
    </header>
  );
}
