import bcrypt from "bcryptjs";

// bcrypt with 12 rounds (domain.md: argon2id or bcrypt >= 12). bcryptjs is pure JS: no native build.
const ROUNDS = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
