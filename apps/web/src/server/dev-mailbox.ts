import "server-only";

import { notFound } from "next/navigation";

import { devMailboxEnabled } from "@salesos/validators";

/**
 * The dev mailbox shows every stored mail (reset links too) to anyone who opens it, so it exists only
 * with no SMTP_URL and a public URL on this machine (see devMailboxEnabled); elsewhere a plain 404.
 */
export function requireDevMailbox(): void {
  if (
    !devMailboxEnabled({ SMTP_URL: process.env.SMTP_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL })
  )
    notFound();
}
