/**
 * Vitest projects for packages that touch the database: always an in-memory PGlite; PostgreSQL too when
 * DATABASE_URL is set. Each test file asks createTestDatabase() (@salesos/db/testing) for a fresh database.
 *
 * Test files share one process per project (`isolate: false`): the app's module graph (Prisma client,
 * fonts, the router) is imported once instead of once per file, which halved the billing suite's time
 * (248 s → 138 s on PGlite). A file that changes what modules read once at boot (the validated env: the
 * Stripe keys) belongs in `isolated`, run in a fresh module graph of its own. Files that never touch a
 * database (`databaseFree`) run once, under PGlite, not again under PostgreSQL.
 *
 * @param {Record<string, string>} env extra environment for the tests
 * @param {{ isolated?: string[]; databaseFree?: string[] }} [files] globs, relative to the package
 */
const TEST_FILES = "test/**/*.test.ts";

export function databaseProjects(env = {}, files = {}) {
  const isolated = files.isolated ?? [];
  const databaseFree = files.databaseFree ?? [];
  const kinds = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  return kinds.flatMap((kind) => {
    const skip = kind === "postgres" ? databaseFree : [];
    const test = (name, extra) => ({
      extends: true,
      test: { name, env: { ...env, TEST_DB_KIND: kind }, ...extra },
    });
    // `include` is set here, not in the package's root config: `extends: true` would add the root's
    // include to the isolated project's, and that project would run every file again.
    const projects = [
      test(kind, { include: [TEST_FILES], isolate: false, exclude: [...isolated, ...skip] }),
    ];
    if (isolated.length > 0)
      projects.push(test(`${kind} isolated`, { isolate: true, include: isolated, exclude: skip }));
    return projects;
  });
}

/** A fixed secret for tests only; the app itself never defaults AUTH_SECRET. */
export const TEST_AUTH_SECRET = "test-only-secret-0123456789abcdefghijklmnop";
