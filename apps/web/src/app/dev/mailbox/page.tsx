import type { Metadata } from "next";
import Link from "next/link";

import { listDevMail } from "@salesos/billing";
import { getDb } from "@salesos/db";

import { requireDevMailbox } from "~/server/dev-mailbox";

export const metadata: Metadata = { title: "Dev mailbox · SalesOS Billing" };

export const dynamic = "force-dynamic";

export default async function DevMailboxPage() {
  requireDevMailbox();
  const mails = await listDevMail(getDb(), { limit: 100 });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Dev mailbox</h1>
      <p className="text-sm text-slate-600">
        No <code>SMTP_URL</code> is set, so the app stores its mail here instead of sending it (the
        newest 100). This page exists only on a local development or demo server.
      </p>
      {mails.length === 0 ? (
        <p className="text-sm text-slate-600">No mail yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th className="py-2 pr-4 font-medium">Received</th>
              <th className="py-2 pr-4 font-medium">To</th>
              <th className="py-2 font-medium">Subject</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((mail) => (
              <tr key={mail.id} className="border-b border-slate-100">
                <td className="py-2 pr-4 whitespace-nowrap">
                  {mail.createdAt.toISOString().replace("T", " ").slice(0, 19)}
                </td>
                <td className="py-2 pr-4">{mail.to.join(", ")}</td>
                <td className="py-2">
                  <Link href={`/dev/mailbox/${mail.id}`} className="text-indigo-700 underline">
                    {mail.subject}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
