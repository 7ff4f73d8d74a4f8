/**
 * What a production start must have before it serves anyone. The embedded database is one process on
 * one disk: two instances behind a load balancer would each bill from their own copy, so a start that
 * is reachable from elsewhere (a public NEXTAUTH_URL) needs PostgreSQL, or EMBEDDED=1 to say "one
 * instance, I know". Such a start also needs secrets set by the operator: a secret generated into one
 * machine's .env.local would differ per instance (sessions and API tokens signed by one would fail on
 * the other) and the billing cron route would stay disabled.
 */

/** Hosts that mean "this machine only": the README's demo. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True when the URL names a host other than this machine (an unparsable URL counts as public). */
export function isPublicUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return !LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return true;
  }
}

export interface DeploymentFacts {
  NEXTAUTH_URL?: string | undefined;
  DATABASE_URL?: string | undefined;
  EMBEDDED?: string | undefined;
  AUTH_SECRET?: string | undefined;
  CRON_SECRET?: string | undefined;
}

/**
 * The reasons a production start on this environment must stop, each a sentence saying what to set
 * (empty: it may start). Development is never refused: `pnpm dev` is the demo.
 */
export function productionStartProblems(env: DeploymentFacts): string[] {
  if (!isPublicUrl(env.NEXTAUTH_URL)) return [];
  const where = `NEXTAUTH_URL is ${env.NEXTAUTH_URL}, not this machine`;
  const problems: string[] = [];
  if (!env.DATABASE_URL && env.EMBEDDED !== "1")
    problems.push(
      `${where}, and DATABASE_URL is not set: every instance would bill from its own embedded database. ` +
        "Set DATABASE_URL=postgresql://… (then `pnpm db:migrate`), or EMBEDDED=1 to run one instance on " +
        "the embedded database on purpose.",
    );
  if (!env.AUTH_SECRET)
    problems.push(
      `${where}, and AUTH_SECRET is not set (it is generated only for the local demo). Set the same ` +
        "random string of 32+ characters on every instance: openssl rand -base64 32",
    );
  if (!env.CRON_SECRET)
    problems.push(
      `${where}, and CRON_SECRET is not set: the billing cron route would stay disabled. Set a random ` +
        "string of 32+ characters: openssl rand -base64 32",
    );
  return problems;
}
