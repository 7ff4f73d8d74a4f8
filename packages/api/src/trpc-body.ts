import { bodyLimitBytes, jsonTooDeep } from "./body-limits";

const LIMIT = bodyLimitBytes();

function tooLarge(message: string): Response {
  return Response.json({ code: "PAYLOAD_TOO_LARGE", message }, { status: 413 });
}

/**
 * The same limits as the REST door, for the in-app tRPC route (/api/trpc, served by Next.js): a body over
 * API_BODY_LIMIT_BYTES or JSON nested deeper than MAX_JSON_DEPTH is 413 before tRPC parses it. Returns
 * the request to hand on (its body already read) or the refusal.
 */
export async function trpcRequestWithinLimits(req: Request): Promise<Request | Response> {
  if (req.method !== "POST" || !req.body) return req;
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > LIMIT) return tooLarge(`The request body is larger than ${LIMIT} bytes.`);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > LIMIT) {
      await reader.cancel();
      return tooLarge(`The request body is larger than ${LIMIT} bytes.`);
    }
    chunks.push(value);
  }
  // The same bytes go on (not the decoded text, whose length could differ from content-length).
  const bytes = Buffer.concat(chunks);
  if (jsonTooDeep(bytes.toString("utf8"))) return tooLarge("The JSON body is nested too deeply.");
  return new Request(req.url, { method: req.method, headers: req.headers, body: bytes });
}
