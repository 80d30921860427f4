import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** What a run of the `orderflow` command gave: its exit code and its output. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/**
 * Runs the real `orderflow` command (`node --import tsx packages/cli/src/main.ts …args`) in a
 * child process with this process' environment plus `env`, and resolves with its exit code and
 * output — a failing command resolves too (its code is the exit code), so tests assert on it.
 */
export async function runCli(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      {
        env: { ...process.env, ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliRun;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
