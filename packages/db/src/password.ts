import bcrypt from "bcryptjs";

// bcrypt with 12 rounds (domain.md: argon2id or bcrypt >= 12). bcryptjs is pure JS: no native build.
// Inside vitest only (VITEST is set by the test runner in its workers), 4 rounds: every test file seeds
// five demo users, and 12 rounds would spend most of a file's time hashing. Verification reads the
// rounds from the hash, so either kind of hash checks correctly everywhere.
const ROUNDS = process.env.VITEST ? 4 : 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
