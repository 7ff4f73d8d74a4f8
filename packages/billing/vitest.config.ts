import { defineConfig } from "vitest/config";

import { databaseProjects } from "@salesos/vitest-config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: databaseProjects(
      {},
      {
        databaseFree: [
          "test/money/**",
          "test/pdf/**",
          "test/currency.test.ts",
          "test/mail/render.test.ts",
          "test/gateways/stripe-expiry.test.ts",
        ],
      },
    ),
  },
});
