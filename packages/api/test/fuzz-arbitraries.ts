/**
 * fast-check arbitraries built from the OpenAPI document (see fuzz-openapi.test.ts): for any JSON schema,
 * values of the documented shape (type, enum, bounds, lengths, patterns, formats) mixed with hostile ones
 * (NUL, lone surrogates, huge and odd numbers, wrong types, unknown keys), and for a whole request the
 * path, query, headers and body around them. Nothing here knows a route; the schemas say it all.
 */
import fc, { type Arbitrary } from "fast-check";

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

/** JSON text JSON.stringify cannot write (-0, 1e400, 2^53 + 1 exactly, a 2 MB string): spliced as is. */
export class RawJson {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    return this.text.length > 80 ? `raw(<${this.text.length} chars>)` : `raw(${this.text})`;
  }
}

/** JSON.stringify, with RawJson spliced in (keys such as "__proto__" stay own keys, as JSON.parse makes them). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** Percent-encoding that also takes lone surrogates (as their WTF-8 bytes, %ED%A0%80 for U+D800). */
export function encodeLoose(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff)
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** What the schemas cannot say: ids that exist (own and other organizations'), the demo logins. */
export interface FuzzHints {
  /** Existing ids by kind (table), e.g. `plan`, `paymentMethod`; any kind's may be sent anywhere too. */
  ids: Record<string, string[]>;
  emails: string[];
  password: string;
  appUrl: string;
}

let twoMb: RawJson | undefined;
/** A 2 MB JSON string: past the body limit (413 before anything parses it). */
export const twoMbString = () =>
  (twoMb ??= new RawJson(JSON.stringify("x".repeat(2 * 1024 * 1024))));

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

export const hostileString: Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\uD800",
    "x\uDC00",
    "\uDBFF\uDBFF",
    "\uFEFF",
    "\u202Eevil",
    "😀".repeat(40),
    "null",
    "true",
    "[]",
    "{}",
    "-0",
    "1e308",
    "-1e308",
    "1e400",
    "NaN",
    "Infinity",
    "9007199254740993",
    "0x1F",
    "１２",
    "' OR '1'='1",
    '"; DROP TABLE "User"; --',
    "%00",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "${7*7}{{7*7}}",
    "line\r\nX-Injected: 1",
    "javascript:alert(1)",
    "http://evil.example/",
    "//evil.example",
    "0000-01-01T00:00:00Z",
    "-271821-04-20T00:00:00.000Z",
    "+275760-09-13T00:00:00.000Z",
    "+275760-09-13T00:00:00.001Z",
    "9999-12-31T23:59:59.999Z",
    "2024-02-30T00:00:00Z",
    "1970-01-01T00:00:00.000Z",
    "MONTHLY",
    "a@b",
    "@",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom("\u0000", "\uD800", "\uDFFF"), fc.string())
    .map((parts) => parts.join("")),
  fc.tuple(fc.string({ maxLength: 8 }), loneSurrogate).map((parts) => parts.join("")),
  fc.constantFrom(300, 5_000, 70_000).map((n) => "y".repeat(n)),
);

/** Numbers an input parser may mishandle, some as literal text (JSON.parse reads 1e400 as Infinity). */
const hostileNumber: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 32,
    2 ** 53,
    2 ** 63,
    -1,
    0,
    0.5,
    1.0000000000000002,
    new RawJson("-0"),
    new RawJson("1e400"),
    new RawJson("-1e400"),
    new RawJson("1E-400"),
    new RawJson("9007199254740993"),
    new RawJson("-9007199254740993"),
    new RawJson("123456789012345678901234567890"),
    new RawJson("1.0"),
    new RawJson("0.1e1"),
  ),
  fc.double(),
  fc.integer().map((n) => new RawJson(`${n}e${n % 400}`)),
);

/** Values of a type nobody asked for. */
const wrongType: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    [],
    {},
    [null],
    { "": null },
    [[[[]]]],
    { $gt: "" },
    Object.fromEntries([["__proto__", { isPlatformAdmin: true }]]),
    { constructor: { prototype: { x: 1 } } },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const hostileKey: Arbitrary<string> = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "", "\u0000", "\uD800", "a.b", "$where"),
  fc.string({ maxLength: 12 }),
  fc.constant("k".repeat(1_000)),
);

/** `arb` once in `oneIn` runs, else null (fc.option is the other way round: null once in `freq`). */
export function sometimes<T>(arb: Arbitrary<T>, oneIn: number): Arbitrary<T | null> {
  return fc.oneof(
    { arbitrary: fc.constant(null), weight: oneIn - 1 },
    { arbitrary: arb, weight: 1 },
  );
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

/** Percent-escapes that decode to nothing valid (or to NUL, a slash, a dot segment). */
export const malformedEscape: Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "%00",
    "%",
    "%zz",
    "%E0%A4%A",
    "%ED%A0%80",
    "%C0%AF",
    "%C0%80",
    "%FF",
    "%2F",
    "%2e%2e",
    "..",
    ".",
    "a%00b",
    "%u0000",
    "%25",
    "%0A",
    "%20",
    "x%",
  ),
  fc
    .tuple(
      fc.string({ unit: "grapheme-ascii", maxLength: 6 }),
      fc.integer({ min: 0x80, max: 0xff }),
    )
    .map(([prefix, byte]) => `${encodeURIComponent(prefix)}%${byte.toString(16)}`),
);

/** A Stripe-Signature that is not Stripe's: the header's documented shape, or anything. */
export const garbageSignature: Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "t=1,v1=",
    "v1=deadbeef",
    "t=99999999999999999999,v1=00",
    "t=-1,v1=00",
    "t=abc,v1=zz,v0=xx",
    `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`,
    "t=,v1=,t=,v1=",
  ),
  fc.string({ unit: "binary-ascii", maxLength: 200 }).map((v) => v.replace(/[^\t\x20-\x7e]/g, "")),
  fc.constantFrom(2_048, 8_000).map((n) => `t=1,v1=${"a".repeat(n)}`),
);
