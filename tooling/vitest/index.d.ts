export declare function databaseProjects(
  env?: Record<string, string>,
  files?: { isolated?: string[]; databaseFree?: string[] },
): {
  extends: true;
  test: Record<string, unknown> & { name: string; env: Record<string, string> };
}[];
export declare const TEST_AUTH_SECRET: string;
