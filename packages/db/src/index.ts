export {
  getDatabase,
  getDb,
  openDatabase,
  type Db,
  type DatabaseHandle,
  type JobStore,
  type OpenDatabaseOptions,
} from "./client";
export {
  EmbeddedDatabaseInUseError,
  isProcessAlive,
  LOCK_HOLDER_ENV,
  lockEmbeddedDatabase,
} from "./embedded-lock";
export { columns, fastRead, nest, type ReadStatement } from "./fast-read";
export { applyMigrations, readMigrations } from "./migrate";
export { defaultPgliteDir, findRepoRoot } from "./paths";
export { isUniqueViolation } from "./errors";
export {
  isContention,
  isTransactionTimeout,
  transaction,
  TRANSACTION_ATTEMPTS,
  type Tx,
} from "./transaction";
export { consumeRateLimit, type RateLimitRule } from "./rate-limit";
export { hashPassword, verifyPassword } from "./password";
export { DEMO_LOGINS, DEMO_PASSWORD, PLAN_CATALOGUE, seedDemoData } from "./seed";
export { Prisma, PrismaClient } from "./generated/prisma/client";
export type * from "./generated/prisma/client";
export * from "./generated/prisma/enums";
