import { describe, expect, it } from "vitest";
import type { z } from "zod";

import { appRouter } from "../src/root";

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Body fields the REST adapter would turn into coercing ones (Boolean("no") is true): plain booleans and numbers. */
function coercibleFields(schema: z.ZodType, path = ""): string[] {
  const def = defOf(schema);
  if (["optional", "nullable", "default"].includes(def.type) && def.innerType)
    return coercibleFields(def.innerType, path);
  if (def.type === "boolean" || def.type === "number") return [path];
  if (def.type === "object") {
    const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
    return Object.entries(shape).flatMap(([key, field]) =>
      coercibleFields(field, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

describe("REST body schemas", () => {
  it("use jsonBoolean/jsonInt (or coerce on purpose) for every boolean and number field of a POST/PUT body", () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: { openapi?: { method: string } }; inputs: z.ZodType[] } }
    >;
    const offenders: string[] = [];
    let checked = 0;
    for (const [name, procedure] of Object.entries(procedures)) {
      const method = procedure._def.meta?.openapi?.method;
      if (method !== "POST" && method !== "PUT") continue;
      for (const input of procedure._def.inputs) {
        checked++;
        for (const field of coercibleFields(input)) {
          // Card expiry is coerced from strings on purpose (the form sends text).
          if (name === "payments.local.tokenizeCard") continue;
          offenders.push(`${name}: ${field}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
