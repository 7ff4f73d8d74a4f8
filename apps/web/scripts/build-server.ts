/**
 * Part of `pnpm build`: bundles the production server (scripts/production-server.ts and the workspace
 * packages it serves /v1 with) into one plain ES module, .next/salesos/production-server.mjs, so its
 * workers run compiled JavaScript: no TypeScript loader in memory, a faster start. Packages from
 * node_modules stay external (Prisma's runtime, pg, next itself), loaded as usual.
 */
import path from "node:path";

import { build } from "esbuild";

const webDir = path.resolve(import.meta.dirname, "..");
const SERVER_BUNDLE = path.join(webDir, ".next", "salesos", "production-server.mjs");

const SKIP = Symbol("resolving");

await build({
  entryPoints: [path.join(webDir, "scripts", "production-server.ts")],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  // Some external packages are CommonJS that call require(): give the ES module one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [
    {
      name: "workspace-only",
      setup(builder) {
        // Bare imports stay external unless they are this repository's own (TypeScript) packages. They
        // are imported by absolute path, resolved from the package that imports them: with pnpm, the
        // bundle's own folder could not see a dependency of packages/api, say.
        builder.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (args.path.startsWith("@salesos/") || args.pluginData === SKIP) return undefined;
          const resolved = await builder.resolve(args.path, {
            resolveDir: args.resolveDir,
            kind: args.kind,
            pluginData: SKIP,
          });
          if (resolved.errors.length > 0) return { errors: resolved.errors };
          // Node's built-ins resolve to themselves.
          return { path: resolved.path, external: true };
        });
      },
    },
  ],
});
console.info(`Bundled the production server into ${path.relative(process.cwd(), SERVER_BUNDLE)}`);
