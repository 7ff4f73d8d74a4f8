/**
 * Issue 13: a fuzz run over every route of the OpenAPI document, over real HTTP, through the production
 * server's /v1 handler (serveV1 on a node:http server). fast-check generates each request from the
 * document itself: path and query parameters and the JSON body of the operation, valid-shaped or hostile
 * (NUL, lone surrogates, huge and odd numbers, wrong types, unknown keys, 10,000 levels of nesting, 2 MB
 * strings, invalid JSON, empty bodies, wrong content types, malformed percent-escapes, other
 * organizations' ids), as the owner, staff, a member, another organization, anonymous or with a garbage
 * token. The property: never a 5xx (503 included), and every 4xx is the contract's JSON error with a
 * string `code`. On a failure fast-check shrinks it to the smallest request that still fails.
 *
 * FUZZ_RUNS (requests per route) and FUZZ_SEED make it longer or different; see docs/security.md.
 */
import fc, { type Arbitrary } from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";

import { DEMO_LOGINS, DEMO_PASSWORD } from "@salesos/db";

import { bodyLimitBytes, MAX_JSON_DEPTH } from "../src/body-limits";
import { openApiDocument } from "../src/openapi";
import {
  garbageSignature,
  hostileString,
  schemaArbitraries,
  sometimes,
  toJsonText,
  twoMbString,
  type FuzzHints,
  type JsonSchema,
} from "./fuzz-arbitraries";
import { startV1Server, Tally, unsoundAnswer, type V1Server } from "./fuzz-http";
import { createRestHarness, type RestHarness } from "./rest-harness";

const SEED = Number(process.env.FUZZ_SEED ?? 1_300_013);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const ROUTE_TIMEOUT_MS = Math.max(60_000, RUNS * 2_000);

type TokenName = keyof RestHarness["tokens"];
type Auth =
  | { as: TokenName }
  | { as: "anonymous" }
  | { as: "tampered"; token: TokenName }
  | { as: "garbage"; header: string };
type Body =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: number[] }
  | { kind: "deep"; depth: number; object: boolean };
interface FuzzRequest {
  method: string;
  url: string;
  auth: Auth;
  contentType: string | null;
  headers: Record<string, string>;
  body: Body;
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface Route {
  method: string;
  path: string;
  op: Operation;
}

const doc = openApiDocument();
const routes: Route[] = [
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
const WEBHOOK = "/webhooks/stripe";
const PDF = "/payments/invoices/{id}/pdf";
const BODY_METHODS = ["POST", "PUT", "PATCH"];

let h: RestHarness;
let server: V1Server;
const tally = new Tally();

beforeAll(async () => {
  h = await createRestHarness();
  server = await startV1Server(h.database.db);
  console.info(`fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}, ${routes.length} routes`);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await h?.close();
  console.info(`fuzz: ${tally.toString()}`);
});

/** Ids that exist now (both organizations'), so the fuzzer reaches past "not found". */
async function hints(): Promise<FuzzHints> {
  const db = h.database.db;
  const select = { select: { id: true }, take: 25, orderBy: { id: "desc" } } as const;
  const kinds = {
    organization: db.organization.findMany(select),
    user: db.user.findMany(select),
    subscription: db.subscription.findMany(select),
    invoice: db.invoice.findMany(select),
    paymentMethod: db.paymentMethod.findMany(select),
    plan: db.plan.findMany(select),
    planPrice: db.planPrice.findMany(select),
    coupon: db.coupon.findMany(select),
    checkoutSession: db.checkoutSession.findMany(select),
    creditNote: db.creditNote.findMany(select),
  };
  const ids: Record<string, string[]> = {};
  for (const [kind, rows] of Object.entries(kinds)) ids[kind] = (await rows).map((r) => r.id);
  return {
    ids,
    emails: DEMO_LOGINS.map((l) => l.email),
    password: DEMO_PASSWORD,
    appUrl: "http://localhost:3000",
  };
}

const headerSafe = (v: string) => v.replace(/[^\t\x20-\x7e]/g, "?");

function authArb(route: Route): Arbitrary<Auth> {
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

const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/jsonx",
  "APPLICATION/JSON",
  "application/merge-patch+json",
  "*/*",
];
const contentTypeArb: Arbitrary<string | null> = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 16 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 3 },
);

const INVALID_JSON = [
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

function bodyArb(route: Route, s: ReturnType<typeof schemaArbitraries>): Arbitrary<Body> {
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

function requestArb(route: Route, hintsNow: FuzzHints): Arbitrary<FuzzRequest> {
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

const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

/** The request in a line: what the failure message and fast-check's counterexample show. */
function summary(req: FuzzRequest): string {
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

function withSummary(req: FuzzRequest): FuzzRequest {
  Object.defineProperty(req, fc.toStringMethod, { value: () => summary(req) });
  return req;
}

function bodyBytes(body: Body): Buffer | null {
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

function authorization(auth: Auth): string | null {
  switch (auth.as) {
    case "anonymous":
      return null;
    case "garbage":
      return auth.header;
    case "tampered": {
      const token = h.tokens[auth.token];
      return `Bearer ${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    }
    default:
      return `Bearer ${h.tokens[auth.as]}`;
  }
}

function send(req: FuzzRequest) {
  const headers: Record<string, string> = { ...req.headers };
  const auth = authorization(req.auth);
  if (auth !== null) headers.authorization = auth;
  if (req.contentType) headers["content-type"] = req.contentType;
  return server.send({ method: req.method, url: req.url, headers, body: bodyBytes(req.body) });
}

function describeBody(body: Body): string {
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

/** What the answer must be for some inputs whatever else happens: a body too big or too deep is 413. */
function expectedStatus(route: Route, req: FuzzRequest): number | null {
  if (req.method !== route.method || route.path === "/openapi.json") return null;
  const size = bodyBytes(req.body)?.length ?? 0;
  if (req.method !== "GET" && size > bodyLimitBytes()) return 413;
  if (req.body.kind === "deep" && BODY_METHODS.includes(req.method) && route.path !== WEBHOOK)
    return 413;
  return null;
}

async function answerIsSound(route: Route, req: FuzzRequest): Promise<void> {
  if (process.env.FUZZ_TRACE) console.info(`→ ${summary(req)}`);
  const res = await send(req);
  if (process.env.FUZZ_TRACE) console.info(`← ${res.status} ${cut(res.text, 300)}`);
  tally.add(`${route.method} /v1${route.path}`, res.status);
  const what = () => `${summary(req)} answered ${res.status}: ${cut(res.text, 2_000)}`;
  const problem = unsoundAnswer(res);
  if (problem) throw new Error(`${problem}: ${what()}`);
  const expected = expectedStatus(route, req);
  if (expected !== null && res.status !== expected)
    throw new Error(`expected ${expected}: ${what()}`);
  if (res.status >= 400) return;
  if (route.path === PDF && req.method === "GET" && res.status === 200) {
    if (!res.type.startsWith("application/pdf")) throw new Error(`not a PDF: ${what()}`);
    return;
  }
  if (res.status === 204) return;
  try {
    JSON.parse(res.text);
  } catch {
    throw new Error(`a success that is not JSON: ${what()}`);
  }
}

/**
 * The same inputs on every route, whatever the seed: what the fuzzer once found (a malformed escape in a
 * path, dates JavaScript holds but the database cannot), and on body routes 10,000 levels, 2 MB, an empty
 * body, text that is not JSON, another content type.
 */
function fixedExamples(route: Route, hintsNow: FuzzHints): [FuzzRequest][] {
  const id = Object.values(hintsNow.ids).flat()[0] ?? "x";
  const names = (route.op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
  // In one query parameter only too: `from` alone is not refused by the range's `from < to`.
  const url = (segment: string, value?: string, which: string[] = names) => {
    const q =
      value === undefined ? "" : which.map((n) => `${n}=${encodeURIComponent(value)}`).join("&");
    return `/v1${route.path.replace(/\{\w+\}/g, segment)}${q ? `?${q}` : ""}`;
  };
  const base = {
    method: route.method,
    url: url(id),
    auth: { as: route.path.startsWith("/admin") ? "staff" : "owner" } as Auth,
    contentType: null as string | null,
    headers: {},
    body: { kind: "none" } as Body,
  };
  const examples: FuzzRequest[] = [
    { ...base, url: url("%ED%A0%80", "+275760-09-13T00:00:00.000Z", names.slice(0, 1)) },
    { ...base, url: url("%E0%A4%A", "0000-01-01T00:00:00Z") },
    { ...base, url: url("%00", "-000001-01-01T00:00:00Z", names.slice(-1)) },
  ];
  if (BODY_METHODS.includes(route.method) || route.method === "DELETE") {
    const json = { ...base, contentType: "application/json" };
    examples.push(
      { ...json, body: { kind: "deep", depth: 10_000, object: false } },
      { ...json, body: { kind: "deep", depth: 10_000, object: true } },
      { ...json, body: { kind: "json", value: { x: twoMbString() } } },
      { ...json, body: { kind: "text", text: "{" } },
      { ...json, contentType: "text/plain", body: { kind: "text", text: "hello" } },
    );
  }
  return examples.map((req): [FuzzRequest] => [withSummary(req)]);
}

/** Per route, so adding a route does not change what the others are sent. */
function seedFor(route: Route): number {
  let hash = SEED | 0;
  for (const ch of `${route.method} ${route.path}`)
    hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return hash;
}

describe(`fuzz: every route of the OpenAPI document over HTTP (seed ${SEED}, ${RUNS} runs each)`, () => {
  for (const route of routes) {
    it(
      `${route.method} /v1${route.path}: no 5xx, every 4xx a JSON error with a code`,
      async () => {
        const hintsNow = await hints();
        await fc.assert(
          fc.asyncProperty(requestArb(route, hintsNow), (req) => answerIsSound(route, req)),
          {
            numRuns: RUNS,
            seed: seedFor(route),
            examples: fixedExamples(route, hintsNow),
          },
        );
      },
      ROUTE_TIMEOUT_MS,
    );
  }
});
