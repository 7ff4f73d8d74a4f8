import { randomUUID } from "node:crypto";

import { actorFromSessionCookie, clientAddress, verifyApiToken, type Actor } from "@salesos/auth";
import type { BillingDeps } from "@salesos/billing";
import { getDb, type Db } from "@salesos/db";

import { billingDepsFor } from "./billing";

export interface Context {
  db: Db;
  /** Null when the caller is anonymous or their credentials are invalid (protected routes answer 401). */
  actor: Actor | null;
  headers: Headers;
  /** The address rate limits key on (see clientAddress). */
  clientAddress: string;
  requestId: string;
  /** The billing engine's dependencies (database, gateway, app URL). */
  billing: BillingDeps;
}

function bearerToken(headers: Headers): string | null | undefined {
  const header = headers.get("authorization");
  if (header === null) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export interface CreateContextOptions {
  headers: Headers;
  /** `rest` (/v1) accepts only Bearer tokens; `trpc` (/api/trpc, same-origin app) also the session cookie. */
  transport: "rest" | "trpc";
  db?: Db;
}

export async function createContext(opts: CreateContextOptions): Promise<Context> {
  const db = opts.db ?? getDb();
  const token = bearerToken(opts.headers);
  let actor: Actor | null = null;
  if (token) actor = await verifyApiToken(db, token);
  else if (token === undefined && opts.transport === "trpc")
    actor = await actorFromSessionCookie(db, opts.headers.get("cookie"));
  return {
    db,
    actor,
    headers: opts.headers,
    clientAddress: clientAddress(opts.headers),
    requestId: opts.headers.get("x-request-id") ?? randomUUID(),
    billing: billingDepsFor(db),
  };
}

/** For router tests and scripts: a context for a known actor, no request needed (use with createCaller). */
export function createContextForActor(opts: {
  db: Db;
  actor: Actor | null;
  headers?: Headers;
  billing?: BillingDeps;
}): Context {
  const headers = opts.headers ?? new Headers();
  return {
    db: opts.db,
    actor: opts.actor,
    headers,
    clientAddress: clientAddress(headers),
    requestId: randomUUID(),
    billing: opts.billing ?? billingDepsFor(opts.db),
  };
}
