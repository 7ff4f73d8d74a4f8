import { getDevMailAttachment } from "@salesos/billing";
import { getDb } from "@salesos/db";
import { devMailboxEnabled } from "@salesos/validators";

export const dynamic = "force-dynamic";

const ID = /^[\w-]{1,64}$/;

/** An attachment of a stored mail (the invoice PDF), downloaded as the recipient would save it. */
export async function GET(
  _req: Request,
  { params }: { params: Promise<{ id: string; attachmentId: string }> },
): Promise<Response> {
  const { id, attachmentId } = await params;
  const enabled = devMailboxEnabled({
    SMTP_URL: process.env.SMTP_URL,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL,
  });
  const found =
    enabled && ID.test(id) && ID.test(attachmentId)
      ? await getDevMailAttachment(getDb(), { mailId: id, attachmentId })
      : null;
  if (!found) return Response.json({ code: "NOT_FOUND", message: "Not found" }, { status: 404 });
  return new Response(Buffer.from(found.content), {
    headers: {
      "Content-Type": found.contentType,
      "Content-Disposition": `attachment; filename="${found.filename.replace(/[^\w.-]/g, "_")}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
}
