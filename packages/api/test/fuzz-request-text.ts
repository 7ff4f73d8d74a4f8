/**
 * A fuzz request as text and bytes (fuzz-openapi.test.ts): the one-line summary a failure and fast-check's
 * counterexample show, and the body as sent on the wire.
 */
import fc from "fast-check";

import { toJsonText } from "./fuzz-hostile";
import type { Body, FuzzRequest } from "./fuzz-requests";

export const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

/** The request in a line: what the failure message and fast-check's counterexample show. */
export function summary(req: FuzzRequest): string {
  const who =
    req.auth.as === "garbage"
      ? `Authorization ${JSON.stringify(cut(req.auth.header, 80))}`
      : req.auth.as === "tampered"
        ? `a tampered ${req.auth.token} token`
        : req.auth.as;
  const headers = Object.entries(req.headers).map(
    ([k, v]) => `${k}: ${JSON.stringify(cut(v, 80))}`,
  );
  return `${req.method} ${cut(req.url, 300)} as ${who} (${req.contentType ?? "no content type"}, ${describeBody(req.body)}${headers.length ? `; ${headers.join("; ")}` : ""})`;
}

export function withSummary(req: FuzzRequest): FuzzRequest {
  Object.defineProperty(req, fc.toStringMethod, { value: () => summary(req) });
  return req;
}

export function bodyBytes(body: Body): Buffer | null {
  switch (body.kind) {
    case "none":
      return null;
    case "json":
      return Buffer.from(toJsonText(body.value));
    case "text":
      return Buffer.from(body.text);
    case "bytes":
      return Buffer.from(body.bytes);
    case "deep":
      return Buffer.from(
        body.object
          ? `${'{"a":'.repeat(body.depth)}1${"}".repeat(body.depth)}`
          : `${"[".repeat(body.depth)}${"]".repeat(body.depth)}`,
      );
  }
}

export function describeBody(body: Body): string {
  switch (body.kind) {
    case "none":
      return "no body";
    case "deep":
      return `${body.depth} levels of ${body.object ? "objects" : "arrays"}`;
    case "bytes":
      return `bytes ${Buffer.from(body.bytes).toString("hex")}`;
    case "text":
      return `text ${cut(JSON.stringify(body.text), 300)}`;
    case "json":
      return `json ${cut(toJsonText(body.value), 300)}`;
  }
}
