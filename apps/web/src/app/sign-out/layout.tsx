import type { Metadata } from "next";
import type { ReactNode } from "react";

// The page is a client component (it calls next-auth's signOut): its title lives here.
export const metadata: Metadata = { title: "Sign out · SalesOS Billing" };

export default function SignOutLayout({ children }: { children: ReactNode }) {
  return children;
}
