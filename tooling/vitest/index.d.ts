export declare function databaseProjects(
  env?: Record<string, string>,
): { extends: true; test: { name: string; env: Record<string, string> } }[];
export declare const TEST_AUTH_SECRET: string;
