import { colourStatus, humanDuration, terminalStyle } from './human-output.ts';

/** Options of `orderflow status`. */
export interface StatusCommandOptions {
  /** Base URL of a running Orderflow process (its HTTP port: the API or the probes server). */
  readonly url: string;
  readonly json?: boolean;
}

/** One role of `/ready`'s report. */
interface RoleReport {
  role: string;
  state: string;
  since: string;
  error?: string;
  processors: Array<{ name: string; state: string; since: string; lastError?: string }>;
}

const ago = (since: string, now: number) => humanDuration(now - Date.parse(since));

/**
 * `orderflow status`: the roles of a running process as its `/ready` reports them — each
 * role's state (running, standby, starting, retrying, stopped) since when, its error, and its
 * processors. Exit code 0 when the process is ready, 1 when it is not or cannot be reached.
 */
export async function statusCommand(options: StatusCommandOptions): Promise<void> {
  const url = new URL('/ready', options.url).toString();
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    process.stderr.write(
      `no answer from ${url}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
    return;
  }
  const body = (await response.json().catch(() => ({}))) as { ready?: boolean; roles?: RoleReport[] };
  const ready = response.status === 200 && body.ready !== false;
  if (!ready) process.exitCode = 1;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ready, status: response.status, roles: body.roles ?? [] })}\n`);
    return;
  }
  const now = Date.now();
  const style = terminalStyle();
  // Padded before colouring: the escape codes would count as width otherwise.
  const state = (word: string, width: number) => colourStatus(word, style, word.padEnd(width));
  const lines = [
    `${url}: ${ready ? colourStatus('ready', style) : colourStatus('failed', style, `NOT READY (HTTP ${response.status})`)}`,
  ];
  for (const role of body.roles ?? []) {
    lines.push(
      `  ${role.role.padEnd(10)} ${state(role.state, 9)} for ${ago(role.since, now)}${role.error ? `  ${role.error}` : ''}`,
    );
    for (const p of role.processors)
      lines.push(
        `    ${p.name.padEnd(22)} ${state(p.state, 11)} for ${ago(p.since, now)}${p.lastError ? `  ${p.lastError}` : ''}`,
      );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
