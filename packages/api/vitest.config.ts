import { defineConfig } from "vitest/config";

import { databaseProjects, TEST_AUTH_SECRET } from "@salesos/vitest-config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: databaseProjects(
      { AUTH_SECRET: TEST_AUTH_SECRET, RATE_LIMIT_AUTH_PER_MINUTE: "10" },
      {
        // These set the Stripe keys in process.env, which the app validates once (apiEnv).
        isolated: ["test/**/*stripe*.test.ts"],
        databaseFree: [
          "test/openapi.test.ts",
          "test/openapi-routes.test.ts",
          "test/input-text.test.ts",
          "test/rest-body-schemas.test.ts",
        ],
      },
    ),
  },
});
