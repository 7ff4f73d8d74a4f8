import { defineConfig } from "vitest/config";

/**
 * Pages only: what they check (layout, focus, axe, the CSP, error wording, server rendering) does not
 * depend on which database is behind the API. `pnpm test` runs them once, on the embedded database; with
 * E2E_DATABASE_ONLY=1 (its PostgreSQL pass) only the files whose outcome can differ by database run:
 * money paths, races, crashes, sessions, the REST surface, the production server.
 */
const PAGES_ONLY = [
  "api-reference",
  "axe",
  "axe-past-due",
  "billing-polish",
  "billing-unhappy",
  "confirmations",
  "csp",
  "error-states",
  "header",
  "pricing-choices",
  "server-rendered",
  "sign-up-token",
].map((name) => `test/e2e/${name}.e2e.ts`);

// Browser and HTTP tests against `next start` (run `pnpm build` first). One server for all files.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    exclude: process.env.E2E_DATABASE_ONLY === "1" ? PAGES_ONLY : [],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // No retry: the tests wait for what a person waits for (hydration, the dialog, the request), so a
    // failure is a real one.
    retry: 0,
  },
});
