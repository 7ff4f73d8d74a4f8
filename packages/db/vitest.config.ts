import { defineConfig } from "vitest/config";

import { databaseProjects } from "@salesos/vitest-config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: databaseProjects({}, { databaseFree: ["test/rate-limit-window.test.ts"] }),
  },
});
