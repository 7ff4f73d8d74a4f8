/**
 * Hostile values for the fuzzers (fuzz-openapi.test.ts, fuzz-webhook-stripe.test.ts): text the database
 * cannot hold (NUL, lone surrogates), sizes past the limits, numbers JSON.stringify cannot write, wrong
 * types, dangerous keys, malformed percent-escapes and signatures; plus the JSON and URL writers that can
 * carry them. Nothing here knows a schema (fuzz-arbitraries.ts mixes these into documented shapes).
 */
import fc, { type Arbitrary } from "fast-check";

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
export const hostileNumber: Arbitrary<unknown> = fc.oneof(
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
export const wrongType: Arbitrary<unknown> = fc.oneof(
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

export const hostileKey: Arbitrary<string> = fc.oneof(
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
