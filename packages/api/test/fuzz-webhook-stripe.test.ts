/**
 * The one route fuzz-openapi.test.ts cannot get past the door of: on the LOCAL gateway POST
 * /v1/webhooks/stripe answers 404 before it reads the signature. Here, on the STRIPE gateway (the Stripe test
 * server), the same generated bodies go with garbage and forged signatures (Stripe's format with a wrong
 * secret, the right secret but stale, a body changed after signing): always a 4xx JSON error (400, or 413
 * past the size limits), never a 5xx, and no event is ever recorded.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signPayload } from "@salesos/stripe-test-server";

import { openApiDocument } from "../src/openapi";
import { schemaArbitraries, type JsonSchema } from "./fuzz-arbitraries";
import { garbageSignature, toJsonText } from "./fuzz-hostile";
import { startV1Server, Tally, unsoundAnswer, type V1Server } from "./fuzz-http";
import { createRestHarness, STRIPE_WEBHOOK_SECRET, type RestHarness } from "./rest-harness";

const SEED = Number(process.env.FUZZ_SEED ?? 1_300_013);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200) * 2;
const TIMEOUT_MS = Math.max(120_000, RUNS * 1_000);

let h: RestHarness;
let server: V1Server;
const tally = new Tally();
beforeAll(async () => {
  h = await createRestHarness({ gateway: "STRIPE" });
  server = await startV1Server(h.database.db);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await h?.close();
  console.info(`fuzz (STRIPE gateway): ${tally.toString()}`);
});

type Signature =
  | { kind: "garbage"; header: string }
  /** Stripe's format over this body, with `secret`, `ageSeconds` old; `tamper` changes the body after. */
  | { kind: "forged"; secret: string; ageSeconds: number; tamper: boolean };

describe(`fuzz: POST /v1/webhooks/stripe on the STRIPE gateway (seed ${SEED})`, () => {
  it(
    "refuses every garbage or forged signature with a 4xx JSON error, never a 5xx",
    async () => {
      const doc = openApiDocument();
      const schema = (
        doc.paths?.["/webhooks/stripe"] as {
          post: { requestBody: { content: { "application/json": { schema: JsonSchema } } } };
        }
      ).post.requestBody.content["application/json"].schema;
      const s = schemaArbitraries(doc, {
        ids: { subscription: [h.ids.acmeSubscription], invoice: [h.ids.acmeInvoice] },
        emails: ["owner@acme.test"],
        password: "x",
        appUrl: "http://localhost:3000",
      });
      const body = fc.oneof(
        { arbitrary: s.mixed(schema).map(toJsonText), weight: 8 },
        { arbitrary: fc.string({ unit: "binary", maxLength: 200 }), weight: 2 },
        {
          arbitrary: fc.constantFrom("", "{", `${"[".repeat(10_000)}${"]".repeat(10_000)}`),
          weight: 1,
        },
        // Past the webhook's own 512 KiB limit, and past the server's 1 MiB one.
        { arbitrary: fc.constantFrom(600_000, 1_100_000).map((n) => "x".repeat(n)), weight: 1 },
      );
      const signature = fc.oneof(
        {
          arbitrary: garbageSignature.map((header): Signature => ({ kind: "garbage", header })),
          weight: 3,
        },
        {
          arbitrary: fc.record({
            kind: fc.constant("forged" as const),
            secret: fc.oneof(
              fc.constant(STRIPE_WEBHOOK_SECRET),
              fc.string({ minLength: 1, maxLength: 40 }),
            ),
            ageSeconds: fc.oneof(
              fc.integer({ min: 301, max: 10 ** 9 }),
              fc.integer({ min: -600, max: 300 }),
            ),
            tamper: fc.boolean(),
          }),
          weight: 2,
        },
      );
      const eventsBefore = await h.database.db.webhookEvent.count();
      await fc.assert(
        fc.asyncProperty(body, signature, async (text, sig) => {
          let header: string;
          let sent = text;
          if (sig.kind === "garbage") header = sig.header;
          else {
            header = signPayload(text, sig.secret, Math.floor(Date.now() / 1000) - sig.ageSeconds);
            if (sig.tamper) sent = `${text} `;
          }
          // What a real signature would be: such requests are Stripe's own, not garbage.
          const genuine =
            sig.kind === "forged" &&
            sig.secret === STRIPE_WEBHOOK_SECRET &&
            sig.ageSeconds <= 300 &&
            !sig.tamper;
          fc.pre(!genuine);
          const res = await server.send({
            method: "POST",
            url: "/v1/webhooks/stripe",
            headers: { "content-type": "application/json", "stripe-signature": header },
            body: Buffer.from(sent),
          });
          tally.add("POST /v1/webhooks/stripe", res.status);
          const what = `${sig.kind === "garbage" ? `signature ${JSON.stringify(header.slice(0, 120))}` : JSON.stringify(sig)}, body ${JSON.stringify(sent.slice(0, 200))} (${sent.length} chars) answered ${res.status}: ${res.text.slice(0, 500)}`;
          const problem = unsoundAnswer(res);
          if (problem) throw new Error(`${problem}: ${what}`);
          if (res.status !== 400 && res.status !== 413)
            throw new Error(`expected 400 or 413: ${what}`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      expect(await h.database.db.webhookEvent.count()).toBe(eventsBefore);
    },
    TIMEOUT_MS,
  );
});
