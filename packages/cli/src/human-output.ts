/* eslint-disable no-console -- compares a Print with console.log to know where output goes */
/**
 * The CLI's output for people (the `--json` output is json-output.ts): tables, durations and
 * status colours. Colour only on a terminal, never with NO_COLOR set (https://no-color.org) or
 * TERM=dumb, so piped or collected output is plain text that scripts and tests can match.
 */
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import prettyMs from 'pretty-ms';

/** How output is decorated: `colour` false gives plain text without any escape code. */
export interface OutputStyle {
  readonly colour: boolean;
}

/** Plain text: what pipes, files and tests get. */
export const plainStyle: OutputStyle = { colour: false };

/**
 * The style for `stream` (default stdout) under `env`: colour only when the stream is a TTY,
 * `NO_COLOR` is unset or empty and TERM is not `dumb`.
 */
export function terminalStyle(
  stream: { readonly isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): OutputStyle {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { colour: stream.isTTY === true && !noColor && env.TERM !== 'dumb' };
}

/**
 * The style for a command's `print`: the terminal's when it prints to stdout (console.log),
 * plain otherwise (a test or caller collecting lines is no terminal).
 */
export const styleFor = (print: (line: string) => void): OutputStyle =>
  print === console.log ? terminalStyle() : plainStyle;

// Status words by what they ask of the operator: nothing, attention, action, or nothing any more.
const GOOD = new Set(['running', 'completed', 'active', 'delivered', 'ready', 'ok', 'applied']);
const WATCH = new Set([
  'compensating',
  'catching-up',
  'starting',
  'retrying',
  'pending',
  'stuck',
  'rebuilding',
]);
const BAD = new Set(['parked', 'failed', 'stopped', 'error', 'revoked', 'refused']);
const DONE = new Set(['aborted', 'compensated', 'cancelled']);

/**
 * `text` (default: the status word itself) coloured by what status `word` tells an operator:
 * green fine, yellow watch, red act, grey over. Unknown words and a colourless style leave the
 * text as it is.
 */
export function colourStatus(word: string, style: OutputStyle, text: string = word): string {
  if (!style.colour) return text;
  const c = createColors(true);
  const key = word.toLowerCase();
  if (GOOD.has(key)) return c.green(text);
  if (WATCH.has(key)) return c.yellow(text);
  if (BAD.has(key)) return c.red(text);
  if (DONE.has(key)) return c.gray(text);
  return text;
}

const NO_BORDER = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/**
 * A table as lines: upper-case `head`, then one line per row, columns left-aligned and two
 * spaces apart, no borders (so `grep`, `awk` and `cut` work on it) and no trailing spaces. The
 * head is bold on a colour terminal; cells may carry colour codes (widths ignore them). No rows
 * give no lines (the caller's count line says "0 …").
 */
export function renderTable(
  head: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  style: OutputStyle,
): string[] {
  if (rows.length === 0) return [];
  const bold = createColors(style.colour).bold;
  const table = new Table({
    head: head.map((h) => bold(h.toUpperCase())),
    chars: NO_BORDER,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  table.push(...rows.map((r) => r.map(String)));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0);
}

/**
 * A duration in ms for people: `850ms`, `12s`, `8m 32s`, `3h 20m`, `2d 4h` (two units at most,
 * whole seconds from a second on); `-` for null or a non-finite value.
 */
export function humanDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '-';
  const value = Math.max(0, ms);
  return value < 1000 ? `${Math.round(value)}ms` : prettyMs(value, { secondsDecimalDigits: 0, unitCount: 2 });
}
