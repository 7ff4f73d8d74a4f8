import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import {
  idSchema,
  LONE_SURROGATE_MESSAGE,
  newPasswordSchema,
  NUL_MESSAGE,
  signInSchema,
  text,
  textProblem,
  token,
} from "../src";

/** The messages of a failed parse (or [] when it passed). */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

const codePoints = (s: string) => [...s].length;

describe("text: trimming", () => {
  it("trims surrounding whitespace (spaces, tabs, new lines, NBSP) and keeps inner spaces", () => {
    expect(text({ max: 20 }).parse("  Acme  Sales \t\n\u00a0")).toBe("Acme  Sales");
  });

  it("counts the length after trimming", () => {
    expect(text({ max: 3 }).parse("   abc   ")).toBe("abc");
    expect(messages(text({ min: 1, max: 3 }), "    ")).toEqual(["Must not be empty."]);
  });

  it("keeps a password exactly as typed, spaces included", () => {
    expect(signInSchema.parse({ email: "a@b.test", password: " pw " }).password).toBe(" pw ");
    expect(newPasswordSchema.parse("  ten chars ")).toBe("  ten chars ");
    expect(token(10).parse(" c ")).toBe(" c ");
  });
});

describe("text: characters the database cannot store", () => {
  const free = text({ max: 50 });
  const secret = text({ max: 50, trim: false });

  it.each([
    ["NUL", "x\u0000y", NUL_MESSAGE],
    ["a lone high surrogate", "x\uD800y", LONE_SURROGATE_MESSAGE],
    ["a lone low surrogate", "x\uDC00y", LONE_SURROGATE_MESSAGE],
    ["a high surrogate at the end", "x\uD83D", LONE_SURROGATE_MESSAGE],
    ["a low surrogate at the start", "\uDE00x", LONE_SURROGATE_MESSAGE],
    ["two high surrogates then a low one", "\uD83D\uD83D\uDE00", LONE_SURROGATE_MESSAGE],
    ["a reversed pair", "\uDE00\uD83D", LONE_SURROGATE_MESSAGE],
  ])("refuses %s with one clear message (free text, passwords, ids)", (_, value, message) => {
    expect(messages(free, value)).toEqual([message]);
    expect(messages(secret, value)).toEqual([message]);
    expect(messages(idSchema, value)).toEqual([message]);
    expect(textProblem(value)).toBe(message);
  });

  it("gives only that message, not a length or format one as well", () => {
    const code = text({ max: 3 }).regex(/^[a-z]+$/, "Letters only.");
    expect(messages(code, "toolong\u0000")).toEqual([NUL_MESSAGE]);
    expect(messages(text({ min: 5, max: 9 }), "\uD800")).toEqual([LONE_SURROGATE_MESSAGE]);
  });

  it("accepts valid surrogate pairs (emoji and other astral characters)", () => {
    for (const value of ["😀", "a😀b", "𝄞 music", "👩‍👩‍👧 family", "𠜎"]) {
      expect(free.parse(value)).toBe(value);
      expect(textProblem(value)).toBeUndefined();
    }
  });

  it("refuses a lone surrogate anywhere in any well-formed string (property)", () => {
    const loneSurrogate = fc
      .integer({ min: 0xd800, max: 0xdfff })
      .map((u) => String.fromCharCode(u));
    const long = text({ max: 1000 });
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), loneSurrogate, fc.nat(), (s, lone, at) => {
        fc.pre(!s.includes("\u0000")); // NUL has its own message, checked first
        // `binary` strings are well-formed, so inserted between two code points a surrogate stays lone.
        const points = [...s];
        points.splice(at % (points.length + 1), 0, lone);
        const value = points.join("");
        expect(messages(long, value)).toEqual([LONE_SURROGATE_MESSAGE]);
      }),
    );
  });

  it("accepts any well-formed string without NUL, trimmed, within its length (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        fc.pre(!s.includes("\u0000"));
        expect(text({ max: 40 }).parse(s)).toBe(s.trim());
        expect(text({ max: 40, trim: false }).parse(s)).toBe(s);
      }),
    );
  });
});

describe("text: lengths in characters (code points), as JSON Schema's maxLength counts", () => {
  it("counts an astral character as one", () => {
    const five = text({ max: 5 });
    expect(five.parse("😀😀😀😀😀")).toBe("😀😀😀😀😀"); // 10 UTF-16 units, 5 characters
    expect(messages(five, "😀😀😀😀😀😀")).toEqual(["Must be at most 5 characters."]);
    const two = text({ min: 2, max: 9 });
    expect(messages(two, "😀")).toEqual(["Must be at least 2 characters."]);
    expect(two.parse("😀😀")).toBe("😀😀");
  });

  it("accepts exactly the strings of at most max characters (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 30 }),
        fc.integer({ min: 1, max: 20 }),
        (s, max) => {
          fc.pre(!s.includes("\u0000") && s.trim() === s);
          expect(text({ max }).safeParse(s).success).toBe(codePoints(s) <= max);
        },
      ),
    );
  });

  it("publishes min and max in the JSON Schema (the OpenAPI document)", () => {
    const schema = z.object({
      name: text({ min: 1, max: 60 }),
      country: text({ max: 2 })
        .toUpperCase()
        .regex(/^[A-Z]{2}$/)
        .optional(),
    });
    expect(z.toJSONSchema(schema, { io: "input" }).properties).toEqual({
      name: { type: "string", minLength: 1, maxLength: 60 },
      country: { type: "string", maxLength: 2, pattern: "^[A-Z]{2}$" },
    });
  });

  it("refuses a use without a sensible max", () => {
    expect(() => text({ max: 0 })).toThrow(RangeError);
    expect(() => text({ min: 5, max: 4 })).toThrow(RangeError);
    expect(() => text({ max: 2.5 })).toThrow(RangeError);
  });
});

describe("text: messages a person can act on", () => {
  it("says what is wrong in a sentence", () => {
    expect(messages(text({ max: 20 }), "x".repeat(21))).toEqual(["Must be at most 20 characters."]);
    expect(messages(text({ max: 1 }), "xy")).toEqual(["Must be at most 1 character."]);
    expect(messages(text({ min: 3, max: 20 }), "xy")).toEqual(["Must be at least 3 characters."]);
    expect(messages(text({ min: 1, max: 20 }), "")).toEqual(["Must not be empty."]);
    expect(messages(text({ max: 20 }), 42)).toEqual(["Must be text."]);
    expect(messages(z.object({ name: text({ max: 20 }) }), {})).toEqual(["Required."]);
  });

  it("uses the field's own message where it has one", () => {
    const name = text({
      min: 1,
      max: 5,
      tooShort: "Enter your name.",
      tooLong: "Too long a name.",
    });
    expect(messages(name, " ")).toEqual(["Enter your name."]);
    expect(messages(name, "Bartholomew")).toEqual(["Too long a name."]);
    expect(messages(newPasswordSchema, "short")).toEqual(["Use at least 10 characters."]);
  });

  it("gives one message per field, not a length and a format message together", () => {
    const code = text({ max: 3, tooLong: "Use a 3-letter code." }).regex(
      /^[a-z]{3}$/,
      "Use a 3-letter code.",
    );
    expect(messages(code, "euros")).toEqual(["Use a 3-letter code."]);
    expect(messages(code, "e1")).toEqual(["Use a 3-letter code."]);
  });
});
