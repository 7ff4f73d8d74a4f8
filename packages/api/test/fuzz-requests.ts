/**
 * The requests of the OpenAPI fuzz run (fuzz-openapi.test.ts), built from the document: every route,
 * who calls it (owner, staff, member, another organization, anonymous, a tampered or garbage token),
 * with which content type and body (valid-shaped, hostile, invalid JSON, 10,000 levels, 2 MB). What
 * every answer is held to, and the fixed examples, are in fuzz-expectations.ts.
 */
import fc, { type Arbitrary } from "fast-check";

import { MAX_JSON_DEPTH } from "../src/body-limits";
import { openApiDocument } from "../src/openapi";
import { schemaArbitraries, type FuzzHints, type JsonSchema } from "./fuzz-arbitraries";
import { garbageSignature, hostileString, sometimes, twoMbString } from "./fuzz-hostile";
import { withSummary } from "./fuzz-request-text";
import type { RestHarness } from "./rest-harness";

export type TokenName = keyof RestHarness["tokens"];
export type Auth =
  | { as: TokenName }
  | { as: "anonymous" }
  | { as: "tampered"; token: TokenName }
  | { as: "garbage"; header: string };
export type Body =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: number[] }
  | { kind: "deep"; depth: number; object: boolean };
export interface FuzzRequest {
  method: string;
  url: string;
  auth: Auth;
  contentType: string | null;
  headers: Record<string, string>;
  body: Body;
}

export interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
export interface Route {
  method: string;
  path: string;
  op: Operation;
}

export const doc = openApiDocument();
export const routes: Route[] = [
  ...Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      op,
    })),
  ),
  // Served by the same handler, though not an operation of its own document.
  { method: "GET", path: "/openapi.json", op: {} },
];
export const WEBHOOK = "/webhooks/stripe";
export const PDF = "/payments/invoices/{id}/pdf";
export const BODY_METHODS = ["POST", "PUT", "PATCH"];

export const headerSafe = (v: string) => v.replace(/[^\t\x20-\x7e]/g, "?");

export function authArb(route: Route): Arbitrary<Auth> {
  const staffRoute = route.path.startsWith("/admin");
  const token = (as: TokenName): Auth => ({ as });
  return fc.oneof(
    { arbitrary: fc.constant(token(staffRoute ? "staff" : "owner")), weight: 12 },
    { arbitrary: fc.constantFrom(token("admin"), token("member"), token("globex")), weight: 3 },
    { arbitrary: fc.constant(token(staffRoute ? "owner" : "staff")), weight: 1 },
    { arbitrary: fc.constant<Auth>({ as: "anonymous" }), weight: 1 },
    {
      arbitrary: fc
        .constantFrom<TokenName>("owner", "staff")
        .map((t): Auth => ({ as: "tampered", token: t })),
      weight: 1,
    },
    {
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            "Bearer",
            "Bearer ",
            "Bearer x",
            "bearer  a.b.c  ",
            "Basic b3duZXI6cHc=",
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyX2RlbW9fb3duZXIifQ.",
            `Bearer ${"t".repeat(3_000)}`,
          ),
          hostileString.map((s) => `Bearer ${headerSafe(s).slice(0, 3_000)}`),
        )
        .map((header): Auth => ({ as: "garbage", header })),
      weight: 2,
    },
  );
}

export const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/jsonx",
  "APPLICATION/JSON",
  "application/merge-patch+json",
  "*/*",
];
export const contentTypeArb: Arbitrary<string | null> = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 16 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 3 },
);

export const INVALID_JSON = [
  "",
  "   ",
  "{",
  "{'a':1}",
  "[1,]",
  "nul",
  '{"a":1}garbage',
  '{"a":1,"a":2}',
  "\u0000",
  '"\\ud800"',
  "NaN",
  "[" + "1,".repeat(10_000) + "1]",
];

export function bodyArb(route: Route, s: ReturnType<typeof schemaArbitraries>): Arbitrary<Body> {
  const schema = route.op.requestBody?.content?.["application/json"]?.schema;
  const json = (arb: Arbitrary<unknown>) => arb.map((value): Body => ({ kind: "json", value }));
  const junk: Arbitrary<Body> = fc.oneof(
    fc.constantFrom(...INVALID_JSON).map((text): Body => ({ kind: "text", text })),
    fc.string({ unit: "binary", maxLength: 60 }).map((text): Body => ({ kind: "text", text })),
    fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24 }).map((bytes): Body => ({
      kind: "bytes",
      bytes: [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, ...bytes, 0x22, 0x7d],
    })),
  );
  const deep = fc
    .record({ depth: fc.constantFrom(MAX_JSON_DEPTH + 1, 10_000), object: fc.boolean() })
    .map((d): Body => ({ kind: "deep", ...d }));
  const empty = fc.constant<Body>({ kind: "none" });
  if (!schema)
    return fc.oneof(
      { arbitrary: empty, weight: 12 },
      { arbitrary: json(fc.constantFrom<unknown>({}, [], null, 0)), weight: 2 },
      { arbitrary: json(fc.jsonValue({ maxDepth: 3 })), weight: 2 },
      { arbitrary: junk, weight: 2 },
      { arbitrary: deep, weight: 1 },
    );
  const huge = s.valid(schema).map((value): Body => {
    const field = Object.keys(schema.properties ?? {})[0] ?? "x";
    return {
      kind: "json",
      value:
        value && typeof value === "object" ? { ...value, [field]: twoMbString() } : twoMbString(),
    };
  });
  return fc.oneof(
    { arbitrary: json(s.mixed(schema)), weight: 40 },
    { arbitrary: json(s.valid(schema)), weight: 16 },
    { arbitrary: json(s.hostile(schema)), weight: 6 },
    { arbitrary: empty, weight: 2 },
    { arbitrary: junk, weight: 6 },
    { arbitrary: deep, weight: 3 },
    { arbitrary: huge, weight: 1 },
  );
}

export function requestArb(route: Route, hintsNow: FuzzHints): Arbitrary<FuzzRequest> {
  const s = schemaArbitraries(doc, hintsNow);
  const params = route.op.parameters ?? [];
  const pathArb = fc
    .tuple(
      ...params
        .filter((p) => p.in === "path")
        // Named by the segment before it: `/subscriptions/{id}` holds a subscription id.
        .map((p) =>
          s
            .pathValue(route.path.split(`/{${p.name}}`)[0]!.split("/").pop()! + p.name)
            .map((v) => [p.name, v] as const),
        ),
    )
    .map((pairs) =>
      pairs.reduce((path, [name, value]) => path.replace(`{${name}}`, value), route.path),
    );
  const queryArb = fc
    .tuple(
      fc.tuple(
        ...params
          .filter((p) => p.in === "query")
          .map((p) =>
            fc.option(
              s.queryValue(p.schema ?? {}, p.name).map((v) => `${encodeURIComponent(p.name)}=${v}`),
              { freq: p.required ? 12 : 2 },
            ),
          ),
      ),
      sometimes(
        fc.constantFrom(
          "limit=1&limit=2",
          "junk=%00",
          "__proto__[x]=1",
          "a[]=1&a[]=2",
          "=",
          "&&",
          "%zz=1",
        ),
        6,
      ),
    )
    .map(([pairs, extra]) => [...pairs, extra].filter((v): v is string => v !== null).join("&"));
  const idempotencyKey = params.find((p) => p.name === "Idempotency-Key");
  const headerArb = fc.record({
    // A reused key with another request is 422 before anything else is looked at: now and then.
    "idempotency-key": idempotencyKey
      ? sometimes(
          fc.oneof(
            { arbitrary: fc.uuid(), weight: 6 },
            { arbitrary: fc.constantFrom("k", "fuzz-fixed-key"), weight: 1 },
            {
              arbitrary: fc
                .oneof(s.valid(idempotencyKey.schema ?? {}).map(String), hostileString)
                .map((v) => headerSafe(v).slice(0, 400)),
              weight: 2,
            },
          ),
          3,
        )
      : fc.constant(null),
    "stripe-signature": route.path === WEBHOOK ? garbageSignature : fc.constant(null),
    "x-request-id": sometimes(
      hostileString.map((v) => headerSafe(v).slice(0, 1_000)),
      4,
    ),
  });
  const method = fc.oneof(
    { arbitrary: fc.constant(route.method), weight: 24 },
    { arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), weight: 1 },
  );
  return fc
    .record({
      method,
      path: pathArb,
      query: queryArb,
      auth: authArb(route),
      contentType: contentTypeArb,
      headers: headerArb.map(
        (hs) =>
          Object.fromEntries(Object.entries(hs).filter(([, v]) => v !== null)) as Record<
            string,
            string
          >,
      ),
      body: bodyArb(route, s),
    })
    .map(({ method, path, query, auth, contentType, headers, body }) => {
      const sendsBody = method !== "GET" && body.kind !== "none";
      return withSummary({
        method,
        url: `/v1${path}${query ? `?${query}` : ""}`,
        auth,
        contentType: sendsBody ? contentType : null,
        headers,
        body: sendsBody ? body : { kind: "none" },
      });
    });
}
