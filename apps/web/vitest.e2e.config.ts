import { defineConfig } from "vitest/config";

/**
 * Two kinds of file. Pages only: what they check (layout, focus, axe, the CSP, error wording, server
 * rendering) does not depend on which database is behind the API; with them, the files about the
 * embedded database itself. The rest are money paths, races, crashes, sessions, the REST surface and the
 * production server, whose outcome can differ by database.
 *
 * Some files that would fit either list (the CSP, the header, the pricing polish) are in the second one
 * so that the two passes take about as long.
 *
 * `pnpm test` runs each file once: with DATABASE_URL set, two passes at once (scripts/test-all.sh),
 * E2E_PASS=pages on the embedded database and E2E_PASS=database on PostgreSQL; without it, every file on
 * the embedded database (the PostgreSQL-only ones skip themselves).
 */
const PAGES_ONLY = [
  "api-reference",
  "axe",
  "axe-past-due",
  "billing-unhappy",
  "confirmations",
  "error-states",
  "pricing-choices",
  "server-rendered",
  "sign-up-token",
  // The embedded database's own behaviour (they skip on PostgreSQL).
  "embedded-lock",
  "stripe-journey",
].map((name) => `test/e2e/${name}.e2e.ts`);

const pass = process.env.E2E_PASS;
if (pass !== undefined && pass !== "pages" && pass !== "database")
  throw new Error(`E2E_PASS must be "pages" or "database", not ${pass}`);

// Browser and HTTP tests against `next start` (run `pnpm build` first). One server for all files.
export default defineConfig({
  test: {
    include: pass === "pages" ? PAGES_ONLY : ["test/e2e/**/*.e2e.ts"],
    exclude: pass === "database" ? PAGES_ONLY : [],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // expect.poll waits for what a person waits for too: vitest's default (1 s) is shorter than a debounced
    // search's round trip on a busy machine (the admin search failed so in CI).
    expect: { poll: { timeout: 10_000 } },
    // No retry: the tests wait for what a person waits for (hydration, the dialog, the request), so a
    // failure is a real one.
    retry: 0,
  },
});
