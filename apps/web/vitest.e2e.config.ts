import { defineConfig } from "vitest/config";

// Browser and HTTP tests against `next start` (run `pnpm build` first). One server for all files.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // No retry: the tests wait for what a person waits for (hydration, the dialog, the request), so a
    // failure is a real one.
    retry: 0,
  },
});
