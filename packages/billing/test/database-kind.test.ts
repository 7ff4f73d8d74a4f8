/**
 * The test files of a project share one process (tooling/vitest): this checks that each project's files
 * still get the database the project names, PostgreSQL over TCP or the in-memory PGlite.
 */
import { expect, it } from "vitest";

import { createTestDatabase } from "@salesos/db/testing";

it("runs on the database its project names", async ({ task }) => {
  const database = await createTestDatabase();
  try {
    const [row] = await database.db.$queryRaw<{ port: number | null }[]>`
      SELECT inet_server_port() AS port`;
    const onServer = row?.port !== null && row?.port !== undefined;
    expect(onServer).toBe(task.file.projectName?.startsWith("postgres"));
  } finally {
    await database.close();
  }
});
