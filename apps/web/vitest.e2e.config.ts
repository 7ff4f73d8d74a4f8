import { defineConfig } from "vitest/config";

// Browser and HTTP tests against `next start` (run `pnpm build` first). One server for all files.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A browser test that fails once in CI is tried once more (each test signs up its own user, so a retry
    // starts clean); locally a failure shows at once.
    retry: process.env.CI ? 1 : 0,
  },
});
