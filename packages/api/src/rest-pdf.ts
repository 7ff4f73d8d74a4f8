/**
 * GET /v1/payments/invoices/{id}/pdf: the adapter cannot send bytes, so this more specific route calls the
 * same procedure (same auth, role and tenant rules) and answers with the PDF itself.
 */
import { TRPCError } from "@trpc/server";

import type { Db } from "@salesos/db";
import { log } from "@salesos/log";

import { createContext } from "./context";
import { errorFacts, jsonError } from "./rest-response";
import { createCaller } from "./root";

export async function handleInvoicePdfRequest(
  req: Request,
  invoiceId: string,
  opts: { db?: Db } = {},
): Promise<Response> {
  try {
    const ctx = await createContext({
      headers: req.headers,
      transport: "rest",
      ...(opts.db ? { db: opts.db } : {}),
    });
    const pdf = await createCaller(ctx).payments.invoices.pdf({ id: invoiceId });
    return new Response(Buffer.from(pdf.contentBase64, "base64"), {
      status: 200,
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${pdf.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    const facts = errorFacts(
      error instanceof TRPCError
        ? error
        : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error }),
    );
    if (facts.status >= 500)
      log().error({ err: error, route: "/v1/payments/invoices/{id}/pdf" }, "invoice PDF failed");
    const answer = jsonError(facts);
    return new Response(answer.body, {
      status: answer.status,
      headers: { ...answer.headers, "content-type": "application/json; charset=utf-8" },
    });
  }
}
