/**
 * The transport of the fuzz tests: a node:http server on an ephemeral port that answers /v1 with the
 * production server's handler (serveV1, on the test's database), and a client that sends a request as
 * given (raw path, malformed escapes included) and reads the whole answer.
 */
import { Agent, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "@salesos/auth";
import type { Db } from "@salesos/db";

import { bodyLimitBytes } from "../src/body-limits";
import { serveV1 } from "../src/node-http";

export interface Answer {
  status: number;
  type: string;
  text: string;
}

export interface V1Server {
  send(req: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: Buffer | null;
  }): Promise<Answer>;
  close(): Promise<void>;
}

export async function startV1Server(db: Db): Promise<V1Server> {
  const bodyLimit = bodyLimitBytes();
  const server = createServer((req, res) => {
    // As the production server does behind one proxy: the rate limits key on the forwarded address.
    req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: [req.headers["x-forwarded-for"] ?? []].flat().join(","),
      trusted: { hops: 1 },
    });
    if (serveV1(req, res, { bodyLimit, db })) return;
    // What Next.js would answer for a path or method /v1 does not serve.
    req.resume();
    res.writeHead(404, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ code: "NOT_FOUND", message: "No such route." }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let counter = 0;
  return {
    send: (req) =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = {
          // A fresh address each time, so the per-address rate limits do not hide the routes.
          "x-forwarded-for": `198.51.${(++counter >> 8) % 256}.${counter % 256}`,
          ...req.headers,
        };
        if (req.body) headers["content-length"] = String(req.body.length);
        const outgoing = httpRequest(
          { host: "127.0.0.1", port, method: req.method, path: req.url, headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                type: res.headers["content-type"] ?? "",
                text: Buffer.concat(chunks).toString("utf8"),
              }),
            );
            res.on("error", reject);
          },
        );
        outgoing.on("error", reject);
        outgoing.setTimeout(30_000, () => outgoing.destroy(new Error("no answer in 30 s")));
        outgoing.end(req.body ?? undefined);
      }),
    close: async () => {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The problem with an answer, or null: a 5xx (503 too), or a 4xx that is not the JSON error with a code. */
export function unsoundAnswer(res: Answer): string | null {
  if (res.status >= 500) return "a server error";
  if (res.status < 400) return null;
  let code: unknown;
  try {
    code = (JSON.parse(res.text) as { code?: unknown }).code;
  } catch {
    // not JSON
  }
  return typeof code === "string" && res.type.includes("application/json")
    ? null
    : "a 4xx without the JSON error body";
}

/** Counts answers per route and status, for the summary printed at the end. */
export class Tally {
  private readonly counts = new Map<string, Map<number, number>>();

  add(route: string, status: number): void {
    const statuses = this.counts.get(route) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.counts.set(route, statuses);
  }

  toString(): string {
    let total = 0;
    const lines = [...this.counts].map(([route, statuses]) => {
      const n = [...statuses.values()].reduce((a, b) => a + b, 0);
      total += n;
      const spread = [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}×${c}`)
        .join(" ");
      return `  ${route}: ${n} (${spread})`;
    });
    return `${total} requests over ${this.counts.size} routes\n${lines.join("\n")}`;
  }
}
