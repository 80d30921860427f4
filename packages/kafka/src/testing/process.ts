import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (node --import tsx resolves tsx from there). */
export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');

/** A child process of a test, with what it printed so far. */
export interface TestProcess {
  readonly child: ChildProcess;
  /** stdout and stderr, interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects when the process exits or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after 10 s; resolves when it exited. */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script> ...args` from the repository root with `env` added to
 * this process' environment.
 */
export function startTsProcess(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): TestProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => listeners.forEach((l) => l()));

  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((ok, fail) => {
        const timer = setTimeout(
          () => finish(new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`)),
          timeoutMs,
        );
        const check = () => {
          const match = pattern.exec(text);
          if (match) finish(null, match);
          else if (child.exitCode !== null || child.signalCode !== null) {
            finish(
              new Error(
                `${script} exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${text}`,
              ),
            );
          }
        };
        const finish = (error: Error | null, match?: RegExpMatchArray) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) fail(error);
          else ok(match!);
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
