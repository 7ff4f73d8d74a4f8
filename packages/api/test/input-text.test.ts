/**
 * Every string any procedure takes is the shared text type (or a format as strict): it has a max length,
 * and it refuses NUL and lone surrogates by itself, not only through the middleware. A new input field
 * written as a bare `z.string()` fails here.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { text } from "@salesos/validators";

import { openApiDocument } from "../src/openapi";
import { appRouter } from "../src/root";

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = [
  "optional",
  "nullable",
  "default",
  "prefault",
  "readonly",
  "catch",
  "nonoptional",
];

/** Every string schema a raw input reaches (the input side of pipes), and anything that takes any value. */
function inputStrings(schema: z.ZodType, path: string, out: { path: string; schema: z.ZodType }[]) {
  const def = defOf(schema);
  const walk = (child: z.ZodType | undefined, at = path) => child && inputStrings(child, at, out);
  if (def.type === "string" || def.type === "unknown" || def.type === "any")
    out.push({ path, schema });
  else if (WRAPPERS.includes(def.type)) walk(def.innerType);
  else if (def.type === "pipe") walk(def.in);
  else if (def.type === "array") walk(def.element, `${path}[]`);
  else if (def.type === "union") def.options?.forEach((option) => walk(option));
  else if (def.type === "intersection") [def.left, def.right].forEach((side) => walk(side));
  else if (def.type === "record") [def.keyType, def.valueType].forEach((side) => walk(side));
  else if (def.type === "tuple") def.items?.forEach((item, i) => walk(item, `${path}[${i}]`));
  else if (def.type === "object")
    for (const [key, field] of Object.entries(def.shape ?? {}))
      walk(field, path ? `${path}.${key}` : key);
}

/** Which of these fields break the rules: no max length, or NUL or a lone surrogate accepted. */
function offenders(fields: { field: string; schema: z.ZodType }[]): string[] {
  return fields.flatMap(({ field, schema }) => [
    ...(typeof (schema as z.ZodString).maxLength === "number" ? [] : [`${field} (no max length)`]),
    ...["x\u0000y", "x\uD800y", "x\uDC00y"]
      .filter((value) => schema.safeParse(value).success)
      .map((value) => `${field} (accepts ${JSON.stringify(value)})`),
  ]);
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>,
);
const strings = procedures.flatMap(([name, procedure]) =>
  procedure._def.inputs.flatMap((input) => {
    const out: { path: string; schema: z.ZodType }[] = [];
    inputStrings(input, "", out);
    return out.map(({ path, schema }) => ({ field: `${name}: ${path}`, schema }));
  }),
);

describe("input strings of every procedure", () => {
  it("finds the string fields (the walk reaches into bodies, arrays and unions)", () => {
    expect(procedures.length).toBeGreaterThan(30);
    expect(strings.map((s) => s.field)).toEqual(
      expect.arrayContaining([
        "auth.token: password",
        "payments.customer.update: address.line1",
        "admin.plans.create: features[]",
        "admin.coupons.create: expiresAt",
      ]),
    );
  });

  it("each has a max length and refuses NUL and lone surrogates on its own", () => {
    expect(offenders(strings)).toEqual([]);
  });

  it("would catch a field written without the text type", () => {
    const found: { path: string; schema: z.ZodType }[] = [];
    const input = z.object({ a: text({ max: 9 }), b: z.string(), c: z.array(z.string().max(9)) });
    inputStrings(input, "", found);
    expect(offenders(found.map(({ path, schema }) => ({ field: path, schema })))).toEqual([
      "b (no max length)",
      'b (accepts "x\\u0000y")',
      'b (accepts "x\\ud800y")',
      'b (accepts "x\\udc00y")',
      'c[] (accepts "x\\u0000y")',
      'c[] (accepts "x\\ud800y")',
      'c[] (accepts "x\\udc00y")',
    ]);
  });
});

/*
 * Dates are parsed into a Date (nothing invalid gets through, and nothing is stored as text): the
 * generator shows them as plain strings, so they alone carry no maxLength in the document.
 */
const DATE_FIELDS = new Set(["prorationDate", "trialEnd", "expiresAt", "startsAt", "from", "to"]);

type JsonSchema = {
  type?: string | string[];
  maxLength?: number;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

function unboundedStrings(schema: JsonSchema | undefined, where: string, field: string): string[] {
  if (!schema) return [];
  const own =
    [schema.type].flat().includes("string") &&
    schema.maxLength === undefined &&
    schema.enum === undefined &&
    schema.const === undefined &&
    !DATE_FIELDS.has(field)
      ? [where]
      : [];
  const nested = [
    ...Object.entries(schema.properties ?? {}).map(([key, child]) =>
      unboundedStrings(child, `${where}.${key}`, key),
    ),
    unboundedStrings(schema.items, `${where}[]`, field),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].map((part) =>
      unboundedStrings(part, where, field),
    ),
  ];
  return [...own, ...nested.flat()];
}

describe("the OpenAPI document", () => {
  it("publishes a maxLength for every string parameter and body field", () => {
    type Operation = {
      parameters?: { name: string; in: string; schema?: JsonSchema }[];
      requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
    };
    const offenders = Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).flatMap(([method, op]) => {
        // Stripe's signed event, written by hand: its signature is checked before any field is read.
        if (path === "/webhooks/stripe") return [];
        const at = `${method.toUpperCase()} ${path}`;
        return [
          ...(op.parameters ?? [])
            .filter((p) => p.in !== "header")
            .flatMap((p) => unboundedStrings(p.schema, `${at} ${p.in} ${p.name}`, p.name)),
          ...unboundedStrings(
            op.requestBody?.content?.["application/json"]?.schema,
            `${at} body`,
            "",
          ),
        ];
      }),
    );
    expect(offenders).toEqual([]);
  });
});
