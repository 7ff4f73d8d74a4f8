import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  transpilePackages: ["@salesos/api", "@salesos/auth", "@salesos/db", "@salesos/validators"],
  // Loaded by Node at run time, not bundled: PGlite ships Wasm and data files next to its code.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "@prisma/adapter-pg",
    "bcryptjs",
    "proper-lockfile",
    "pg-boss",
  ],
  poweredByHeader: false,
  // `pnpm test` type-checks every package (tsc, strict) before it builds, and says so with this variable;
  // any other build (`pnpm build`, a deploy) type-checks as usual.
  typescript: { ignoreBuildErrors: process.env.SALESOS_TYPES_CHECKED === "1" },
  typedRoutes: false,
};

export default config;
