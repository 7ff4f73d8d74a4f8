/**
 * The request a piece of code runs for, without passing it through every call: the production server
 * opens a scope per request (AsyncLocalStorage follows its promises and callbacks), and `log()` anywhere
 * below, in api, billing or db, writes lines that carry that request's id.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

import { createLogger, type Logger } from "./logger";

interface RequestScope {
  requestId: string;
  log: Logger;
}

/**
 * One store per process, kept on globalThis: the production server's bundle and Next.js's own server
 * bundle each carry a copy of this module, and a request scope opened by one must be seen by the other
 * (a tRPC procedure answered by Next.js logs with the id the server gave the request).
 */
const shared = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestScope> | undefined>;
const SCOPE_KEY = Symbol.for("salesos.log.requestScope");
const scope = (shared[SCOPE_KEY] ??= new AsyncLocalStorage<RequestScope>());
let root: Logger | undefined;

/** The process's logger (created on first use, so LOG_LEVEL is read after the environment is loaded). */
export function rootLogger(): Logger {
  return (root ??= createLogger());
}

/** For tests: send every line to another destination. */
export function setRootLogger(logger: Logger): void {
  root = logger;
}

/** A client's X-Request-Id is kept only when it is short and plain, so it cannot forge log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The incoming X-Request-Id when it is sane, else a new id. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Runs `fn` as the request `requestId`: every `log()` line inside carries `requestId`. */
export function withRequest<T>(requestId: string, fn: () => T): T {
  return scope.run({ requestId, log: rootLogger().child({ requestId }) }, fn);
}

/** The id of the request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

/** The logger to use here: the request's (with its id) inside a request, else the process's. */
export function log(): Logger {
  return scope.getStore()?.log ?? rootLogger();
}
