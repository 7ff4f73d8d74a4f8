/** One load tool for every target: wrk (Debian's package), its output parsed into figures. */
import { execFileSync, spawn } from "node:child_process";

export interface LoadResult {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  timeouts: number;
}

export function assertWrkInstalled(): void {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is a failure.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      console.error("pnpm bench needs wrk: apt-get install -y wrk");
      process.exit(1);
    }
  }
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : n;
}

function latency(output: string, label: string): number {
  const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(output);
  return match ? toMs(match[1]!, match[2]!) : Number.NaN;
}

/**
 * Runs wrk against one URL. A non-2xx answer fails the run: a benchmark of 401s or 404s measures
 * nothing.
 */
export function runWrk(args: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const headerArgs = Object.entries(args.headers ?? {}).flatMap(([name, value]) => [
    "-H",
    `${name}: ${value}`,
  ]);
  const wrkArgs = [
    "-t2",
    `-c${args.connections}`,
    `-d${args.seconds}s`,
    "--latency",
    ...headerArgs,
    args.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", wrkArgs, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", () => {
      const bad = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
      if (bad) return reject(new Error(`${args.url}: ${bad[1]} non-2xx answers\n${output}`));
      // Requests slower than wrk's 2 s timeout are counted, not failed: p99 already shows them.
      const timeouts = /Socket errors:.*timeout (\d+)/.exec(output);
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
      const total = /(\d+) requests in/.exec(output);
      if (!rps || !total) return reject(new Error(`wrk printed no figures:\n${output}`));
      resolve({
        requests: Number(total[1]),
        reqPerSec: Number(rps[1]),
        p50Ms: latency(output, "50%"),
        p99Ms: latency(output, "99%"),
        timeouts: timeouts ? Number(timeouts[1]) : 0,
      });
    });
  });
}

/** Median of `count` sequential requests (ms), one connection, no overlap. */
export async function sequentialMedianMs(
  url: string,
  headers: Record<string, string>,
  count: number,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
