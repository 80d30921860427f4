import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where development servers keep their generated admin key: `<dataDir>/admin-key`. */
export const adminKeyFile = (dataDir: string): string => join(dataDir, 'admin-key');

/** The key in `<dataDir>/admin-key`, or null when there is none. */
export function readAdminKeyFile(dataDir: string): string | null {
  const file = adminKeyFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}

/**
 * The development admin key: the one in `<dataDir>/admin-key`, or a new random one
 * (`of_` + 32 random bytes, base64url) written there, readable by the owner only (mode 0600).
 * @returns the key and whether it was generated now.
 */
export function ensureDevAdminKey(dataDir: string): { key: string; file: string; generated: boolean } {
  const file = adminKeyFile(dataDir);
  const existing = readAdminKeyFile(dataDir);
  if (existing) return { key: existing, file, generated: false };
  mkdirSync(dataDir, { recursive: true });
  const key = `of_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, file, generated: true };
}
