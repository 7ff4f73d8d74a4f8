/** The files of a vitest project share one process (tooling/vitest): each still gets its project's database. */
import { expect, it } from "vitest";

import { testDatabaseIsServer } from "@salesos/db/testing";

it("runs on the database its project names", async ({ task }) => {
  expect(await testDatabaseIsServer()).toBe(task.file.projectName?.startsWith("postgres"));
});
