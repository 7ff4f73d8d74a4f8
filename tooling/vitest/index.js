/**
 * Vitest projects for packages that touch the database: always an in-memory PGlite; PostgreSQL too when
 * DATABASE_URL is set. Each test file asks createTestDatabase() (@salesos/db/testing) for a fresh database.
 * @param {Record<string, string>} env extra environment for the tests
 */
export function databaseProjects(env = {}) {
  const project = (name) => ({
    extends: true,
    test: { name, env: { ...env, TEST_DB_KIND: name } },
  });
  return process.env.DATABASE_URL ? [project("pglite"), project("postgres")] : [project("pglite")];
}

/** A fixed secret for tests only; the app itself never defaults AUTH_SECRET. */
export const TEST_AUTH_SECRET = "test-only-secret-0123456789abcdefghijklmnop";
