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
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";

import { DEMO_LOGINS, DEMO_PASSWORD } from "@salesos/db";

import type { FuzzHints } from "./fuzz-arbitraries";
import { startV1Server, Tally, unsoundAnswer, type V1Server } from "./fuzz-http";
import { bodyBytes, cut, summary } from "./fuzz-request-text";
import { expectedStatus, fixedExamples } from "./fuzz-expectations";
import { PDF, requestArb, routes, type Auth, type FuzzRequest, type Route } from "./fuzz-requests";
import { createRestHarness, type RestHarness } from "./rest-harness";

const SEED = Number(process.env.FUZZ_SEED ?? 1_300_013);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const ROUTE_TIMEOUT_MS = Math.max(60_000, RUNS * 2_000);

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
