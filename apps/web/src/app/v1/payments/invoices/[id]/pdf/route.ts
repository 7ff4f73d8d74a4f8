// More specific than /v1/[...path]: the invoice PDF as bytes (the REST adapter only speaks JSON).
import { handleInvoicePdfRequest } from "@salesos/api/rest-pdf";

export const dynamic = "force-dynamic";

export async function GET(
  req: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return handleInvoicePdfRequest(req, id);
}
