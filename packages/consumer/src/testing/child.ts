import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from '@orderflow/testing';

const CHILD = fileURLToPath(new URL('./consumer-child.ts', import.meta.url));

/** A `consumer-child.ts` process. */
export interface ConsumerChild {
  readonly process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves once its output matches `pattern` (within `timeoutMs`, default 20 s). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when it exited, with how. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (no cleanup) and wait for the exit. */
  kill(): Promise<void>;
}

/** Starts a consumer child process on `url` with the given environment (see consumer-child.ts). */
export function startConsumerChild(url: string, env: Record<string, string> = {}): ConsumerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, DATABASE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 20_000) =>
      eventually(`child output ${pattern}`, () => pattern.test(output), { timeoutMs }).then(() => undefined),
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
