import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { getDevMail } from "@salesos/billing";
import { getDb } from "@salesos/db";

import { requireDevMailbox } from "~/server/dev-mailbox";

export const metadata: Metadata = { title: "Dev mailbox · SalesOS Billing" };

export const dynamic = "force-dynamic";

/** The links of the plain-text part, so a flow can be followed with one click. */
function linksOf(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s)]+/g) ?? [])];
}

export default async function DevMailPage({ params }: { params: Promise<{ id: string }> }) {
  requireDevMailbox();
  const { id } = await params;
  const mail = /^[\w-]{1,64}$/.test(id) ? await getDevMail(getDb(), id) : null;
  if (!mail) notFound();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/dev/mailbox" className="text-indigo-700 underline">
          ← Dev mailbox
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{mail.subject}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">From</dt>
        <dd>{mail.from}</dd>
        <dt className="text-slate-600">To</dt>
        <dd>{mail.to.join(", ")}</dd>
        <dt className="text-slate-600">Date</dt>
        <dd>{mail.createdAt.toISOString()}</dd>
        <dt className="text-slate-600">Message-ID</dt>
        <dd className="break-all">{mail.messageId}</dd>
      </dl>
      {mail.attachments.length > 0 ? (
        <section aria-labelledby="attachments">
          <h2 id="attachments" className="font-semibold">
            Attachments
          </h2>
          <ul className="list-disc pl-6 text-sm">
            {mail.attachments.map((a) => (
              <li key={a.id}>
                <a
                  href={`/dev/mailbox/${mail.id}/attachments/${a.id}`}
                  className="text-indigo-700 underline"
                >
                  {a.filename}
                </a>{" "}
                ({a.contentType}, {a.size} bytes)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="links">
        <h2 id="links" className="font-semibold">
          Links in this mail
        </h2>
        <ul className="list-disc pl-6 text-sm">
          {linksOf(mail.text).map((href) => (
            <li key={href}>
              <a href={href} className="break-all text-indigo-700 underline">
                {href}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="text-part">
        <h2 id="text-part" className="font-semibold">
          Plain text
        </h2>
        <pre className="whitespace-pre-wrap rounded-md border border-slate-200 bg-white p-4 text-sm">
          {mail.text}
        </pre>
      </section>
      <section aria-labelledby="html-part">
        <h2 id="html-part" className="font-semibold">
          HTML
        </h2>
        {/* Sandboxed with no permissions: the mail's HTML can neither run scripts nor navigate. */}
        <iframe
          title="The HTML part of the mail"
          sandbox=""
          srcDoc={mail.html}
          className="h-96 w-full rounded-md border border-slate-200 bg-white"
        />
      </section>
    </div>
  );
}
