/**
 * The middleware that refuses text the database cannot store (U+0000, lone surrogates) anywhere in a raw
 * input, before any schema or procedure: on every procedure, through the tRPC transport (createCaller
 * passes the input as the app sends it), for keys as well as values, and before authentication.
 */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";

import type { BillingDeps } from "@salesos/billing";
import type { Db } from "@salesos/db";
import { LONE_SURROGATE_MESSAGE, NUL_MESSAGE } from "@salesos/validators";

import { createCaller, createContextForActor } from "../src";
import { appRouter } from "../src/root";
import { findUnstorableText } from "../src/unstorable-text";

describe("findUnstorableText", () => {
  it("finds NUL and lone surrogates in values, nested objects, arrays and keys", () => {
    expect(findUnstorableText("ok 😀")).toBeNull();
    expect(findUnstorableText({ a: [1, "ok", { b: "x\uD800" }] })).toEqual({
      path: ["a", 2, "b"],
      message: LONE_SURROGATE_MESSAGE,
    });
    expect(findUnstorableText({ a: { "k\uDFFF": 1 } })).toEqual({
      path: ["a", "k\uDFFF"],
      message: LONE_SURROGATE_MESSAGE,
    });
    expect(findUnstorableText(["\u0000"])).toEqual({ path: [0], message: NUL_MESSAGE });
    expect(findUnstorableText({ n: 1, b: true, z: null, d: new Date(0) })).toBeNull();
  });

  it("ends on cyclic input (superjson can rebuild shared references)", () => {
    const node: Record<string, unknown> = { name: "ok" };
    node.self = node;
    expect(findUnstorableText(node)).toBeNull();
    node.bad = "\uDBFF";
    expect(findUnstorableText(node)?.path).toEqual(["bad"]);
  });
});

// Anonymous and with no database: the refusal must come before authentication or any read.
const caller = createCaller(
  createContextForActor({ db: {} as Db, actor: null, billing: {} as BillingDeps }),
) as unknown as Record<string, unknown>;
const procedureNames = Object.keys(appRouter._def.procedures);

function callProcedure(name: string, input: unknown): Promise<unknown> {
  const fn = name
    .split(".")
    .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

async function refusal(name: string, input: unknown) {
  const error = await callProcedure(name, input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, name).toBeInstanceOf(TRPCError);
  const { code, cause, message } = error as TRPCError;
  expect(cause, `${name}: ${message}`).toBeInstanceOf(ZodError);
  return { code, message, issues: (cause as ZodError).issues };
}

describe("every procedure, through tRPC", () => {
  it("has procedures to try", () => expect(procedureNames.length).toBeGreaterThan(30));

  it.each([
    ["a lone high surrogate in a value", { id: "x\uD800y" }, ["id"], LONE_SURROGATE_MESSAGE],
    [
      "a lone low surrogate deep inside",
      { a: [{ b: "\uDC00" }] },
      ["a", 0, "b"],
      LONE_SURROGATE_MESSAGE,
    ],
    ["a lone surrogate in a key", { "k\uD800": 1 }, ["k\uD800"], LONE_SURROGATE_MESSAGE],
    ["NUL in a value", { id: "x\u0000y" }, ["id"], NUL_MESSAGE],
  ])("refuses %s: BAD_REQUEST naming it", async (_, input, path, message) => {
    for (const name of procedureNames) {
      const answer = await refusal(name, input);
      expect(answer, name).toEqual({
        code: "BAD_REQUEST",
        message,
        issues: [expect.objectContaining({ path, message })],
      });
    }
  });
});
