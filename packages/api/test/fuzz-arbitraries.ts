/**
 * fast-check arbitraries built from the OpenAPI document (see fuzz-openapi.test.ts): for any JSON schema,
 * values of the documented shape (type, enum, bounds, lengths, patterns, formats) mixed with hostile ones
 * (NUL, lone surrogates, huge and odd numbers, wrong types, unknown keys), and for a whole request the
 * path, query, headers and body around them. Nothing here knows a route; the schemas say it all. The
 * hostile values themselves are in fuzz-hostile.ts.
 */
import fc, { type Arbitrary } from "fast-check";

import {
  encodeLoose,
  hostileKey,
  hostileNumber,
  hostileString,
  malformedEscape,
  RawJson,
  sometimes,
  toJsonText,
  wrongType,
} from "./fuzz-hostile";

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** What the schemas cannot say: ids that exist (own and other organizations'), the demo logins. */
export interface FuzzHints {
  /** Existing ids by kind (table), e.g. `plan`, `paymentMethod`; any kind's may be sent anywhere too. */
  ids: Record<string, string[]>;
  emails: string[];
  password: string;
  appUrl: string;
}

export function resolveRef(schema: JsonSchema, doc: unknown): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) {
    const pointer = s.$ref.replace(/^#\//, "").split("/");
    s = pointer.reduce<any>(
      (node, part) => node?.[part.replace(/~1/g, "/").replace(/~0/g, "~")],
      doc,
    );
    if (!s) throw new Error(`unresolvable $ref ${schema.$ref}`);
  }
  return s;
}

const typesOf = (s: JsonSchema): string[] =>
  s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];

export interface SchemaArbitraries {
  /** A value of the documented shape (roughly: patterns and formats are followed where fast-check can). */
  valid(schema: JsonSchema, name?: string): Arbitrary<unknown>;
  /** A value that breaks the schema: its bounds, its type, or text the database cannot hold. */
  hostile(schema: JsonSchema): Arbitrary<unknown>;
  /** Mostly valid, sometimes hostile, at every level (so one bad field in an otherwise valid body). */
  mixed(schema: JsonSchema, name?: string): Arbitrary<unknown>;
  /** A query parameter's text (already percent-encoded), valid or hostile. */
  queryValue(schema: JsonSchema, name: string): Arbitrary<string>;
  /** A path segment (already percent-encoded): real ids, other organizations' ids, junk, malformed escapes. */
  pathValue(name: string): Arbitrary<string>;
}

/** Which kind of id a field or path parameter holds, from its name (`paymentMethodId`, `subscriptions/{id}`). */
const ID_KINDS: [RegExp, string][] = [
  [/paymentmethod|payment-method/i, "paymentMethod"],
  [/licensetype|plan/i, "plan"],
  [/price/i, "planPrice"],
  [/invoice/i, "invoice"],
  [/subscription/i, "subscription"],
  [/session/i, "checkoutSession"],
  [/organization/i, "organization"],
  [/user/i, "user"],
  [/coupon/i, "coupon"],
  [/creditnote/i, "creditNote"],
];

export function schemaArbitraries(doc: unknown, hints: FuzzHints): SchemaArbitraries {
  const all = [...new Set(Object.values(hints.ids).flat())];
  const anyId = all.length ? fc.constantFrom(...all) : fc.constant("none");
  /** An id of the kind the name says (most of the time), or of any kind. */
  const known = (name: string) => {
    const kind = ID_KINDS.find(([pattern]) => pattern.test(name))?.[1];
    const ids = kind ? (hints.ids[kind] ?? []) : [];
    return ids.length
      ? fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, { arbitrary: anyId, weight: 1 })
      : anyId;
  };

  /** Fields whose name says what they hold (ids, emails, URLs, passwords): real values, sometimes. */
  function named(name: string | undefined): Arbitrary<unknown> | null {
    if (!name) return null;
    if (/(^id|Id)$/.test(name)) return known(name);
    if (/(^id|Id)s$/.test(name)) return fc.array(known(name), { maxLength: 3 });
    if (/email/i.test(name)) return fc.oneof(fc.constantFrom(...hints.emails), fc.emailAddress());
    if (/password/i.test(name)) return fc.constant(hints.password);
    if (/Url$/.test(name))
      return fc.oneof(
        fc.webPath().map((p) => `${hints.appUrl}${p.startsWith("/") ? p : `/${p}`}`),
        fc.webUrl(),
      );
    return null;
  }

  function validString(s: JsonSchema): Arbitrary<string> {
    const min = s.minLength ?? 0;
    const max = Math.max(min, Math.min(s.maxLength ?? 64, 200));
    // Padded with itself (still matching a character-class pattern) or cut, never filtered: a filter that
    // rarely passes makes fast-check spin.
    const fit = (arb: Arbitrary<string>) =>
      arb.map((v) => {
        let out = v;
        while (out.length < min && v.length > 0) out += v;
        return out.slice(0, s.maxLength ?? out.length);
      });
    if (s.format === "date-time")
      return fit(
        fc
          .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
          .map((d) => d.toISOString()),
      );
    if (s.format === "email") return fit(fc.emailAddress());
    if (s.format === "uri" || s.format === "url") return fit(fc.webUrl());
    if (s.pattern) {
      try {
        return fit(fc.stringMatching(new RegExp(s.pattern)));
      } catch {
        // a pattern fast-check cannot read: plain text of the right length
      }
    }
    return fc.string({ minLength: min, maxLength: max });
  }

  function valid(schema: JsonSchema, name?: string, depth = 0): Arbitrary<unknown> {
    const s = resolveRef(schema, doc);
    const hinted = depth < 8 ? named(name) : null;
    const plain = validPlain(s, depth);
    return hinted
      ? fc.oneof({ arbitrary: hinted, weight: 3 }, { arbitrary: plain, weight: 1 })
      : plain;
  }

  function validPlain(s: JsonSchema, depth: number): Arbitrary<unknown> {
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    const options = s.anyOf ?? s.oneOf;
    if (options?.length) return fc.oneof(...options.map((o) => valid(o, undefined, depth + 1)));
    if (s.allOf?.length)
      return valid(Object.assign({}, ...s.allOf) as JsonSchema, undefined, depth);
    const types = typesOf(s);
    if (types.length > 1)
      return fc.oneof(...types.map((type) => valid({ ...s, type }, undefined, depth)));
    switch (types[0]) {
      case "string":
        return validString(s);
      case "integer":
        return fc.integer({
          min: Math.max(s.minimum ?? -(2 ** 31), Number.MIN_SAFE_INTEGER),
          max: Math.min(s.maximum ?? 2 ** 31 - 1, Number.MAX_SAFE_INTEGER),
        });
      case "number":
        return fc.double({
          min: s.minimum ?? -1e9,
          max: s.maximum ?? 1e9,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array":
        return depth > 8
          ? fc.constant([])
          : fc.array(valid(s.items ?? {}, undefined, depth + 1), {
              minLength: s.minItems ?? 0,
              maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 5, 5)),
            });
      case "object":
        return depth > 8 ? fc.constant({}) : objectOf(s, depth, valid);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  function objectOf(
    s: JsonSchema,
    depth: number,
    field: (schema: JsonSchema, name: string, depth: number) => Arbitrary<unknown>,
  ): Arbitrary<Record<string, unknown>> {
    const props = Object.entries(s.properties ?? {});
    const model = Object.fromEntries(props.map(([k, p]) => [k, field(p, k, depth + 1)]));
    return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
  }

  function hostile(schema: JsonSchema): Arbitrary<unknown> {
    const s = resolveRef(schema, doc);
    const types = typesOf(s);
    const own: Arbitrary<unknown>[] = [];
    if (types.includes("string")) {
      if (s.maxLength !== undefined) own.push(fc.constant("z".repeat(s.maxLength + 1)));
      if (s.minLength) own.push(fc.constant(""));
      if (s.enum?.length)
        own.push(
          fc
            .constantFrom(...s.enum.map(String))
            .chain((e) => fc.constantFrom(e.toUpperCase(), ` ${e}`, `${e}\u0000`, e.slice(1))),
        );
    }
    if (types.includes("integer") || types.includes("number")) {
      if (s.minimum !== undefined)
        own.push(fc.constant(s.minimum - 1), fc.constant(s.minimum + 0.5));
      if (s.maximum !== undefined) own.push(fc.constant(s.maximum + 1));
      own.push(fc.constantFrom("1", "1e308", "-0", " 7", "0x10"));
    }
    if (types.includes("array") && s.maxItems !== undefined)
      own.push(
        fc.array(valid(s.items ?? {}), { minLength: s.maxItems + 1, maxLength: s.maxItems + 2 }),
      );
    return fc.oneof(...own, hostileString, hostileNumber, wrongType);
  }

  function mixed(schema: JsonSchema, name?: string, depth = 0): Arbitrary<unknown> {
    const s = resolveRef(schema, doc);
    const inner: Arbitrary<unknown> = typesOf(s).includes("object")
      ? fc
          .tuple(
            objectOf(s, depth, (p, k, d) => mixed(p, k, d)),
            sometimes(
              fc.dictionary(hostileKey, fc.oneof(hostileString, wrongType), { maxKeys: 3 }),
              6,
            ),
            sometimes(fc.constantFrom(...(s.required?.length ? s.required : [""])), 10),
          )
          .map(([obj, extra, drop]) => {
            const out: Record<string, unknown> = { ...obj };
            for (const [k, v] of Object.entries(extra ?? {}))
              Object.defineProperty(out, k, {
                value: v,
                enumerable: true,
                writable: true,
                configurable: true,
              });
            if (drop) delete out[drop];
            return out;
          })
      : valid(s, name, depth);
    return fc.oneof({ arbitrary: inner, weight: 8 }, { arbitrary: hostile(s), weight: 1 });
  }

  function queryValue(schema: JsonSchema, name: string): Arbitrary<string> {
    const s = resolveRef(schema, doc);
    const asText = (v: unknown) =>
      typeof v === "string" ? v : v instanceof RawJson ? v.text : toJsonText(v);
    // Cut (even inside an escape) to keep the request line well under Node's 16 KB header limit, which
    // would answer 431 itself, before any of our code runs.
    const urlText = (v: unknown) => encodeLoose(asText(v)).slice(0, 1_000);
    return fc.oneof(
      { arbitrary: valid(s, name).map(urlText), weight: 4 },
      { arbitrary: hostile(s).map(urlText), weight: 2 },
      { arbitrary: malformedEscape, weight: 1 },
    );
  }

  function pathValue(name: string): Arbitrary<string> {
    return fc.oneof(
      { arbitrary: known(name).map(encodeLoose), weight: 6 },
      {
        arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).map(encodeLoose),
        weight: 2,
      },
      { arbitrary: fc.uuid(), weight: 1 },
      { arbitrary: malformedEscape, weight: 2 },
      { arbitrary: hostileString.map((v) => encodeLoose(v).slice(0, 3_000)), weight: 1 },
      { arbitrary: fc.constantFrom(65, 300, 3_000).map((n) => "i".repeat(n)), weight: 1 },
    );
  }

  return {
    valid: (s, name) => valid(s, name),
    hostile,
    mixed: (s, name) => mixed(s, name),
    queryValue,
    pathValue,
  };
}
