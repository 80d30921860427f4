/**
 * CPU time of the processes under test, from Linux's /proc/<pid>/stat (proc(5)): utime and
 * stime (fields 14 and 15, CPU time the process itself used) and cutime and cstime (16 and 17,
 * CPU time of children it has waited for), all in clock ticks (`getconf CLK_TCK`, 100 here).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of one /proc/<pid>/stat line that the cost figures use (times in clock ticks). */
export interface ProcStat {
  readonly pid: number;
  /** The executable's name (field 2, without the parentheses), e.g. `node`, `postgres`. */
  readonly comm: string;
  readonly ppid: number;
  readonly utime: number;
  readonly stime: number;
  readonly cutime: number;
  readonly cstime: number;
}

/**
 * Parses one /proc/<pid>/stat line. `comm` may hold spaces and parentheses, so the fields after
 * it are found after the last `)`.
 * @throws TypeError when the line does not look like /proc/<pid>/stat.
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new TypeError(`not a /proc/<pid>/stat line: ${line.slice(0, 80)}`);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const rest = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number) => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value)) throw new TypeError(`field ${n} missing in /proc/<pid>/stat`);
    return value;
  };
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
  };
}

/** Every process visible in /proc now, by pid (processes that exit while reading are skipped). */
export function readProcesses(): Map<number, ProcStat> {
  const procs = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      procs.set(stat.pid, stat);
    } catch {
      // gone meanwhile
    }
  }
  return procs;
}

/** One process's /proc stat, or null when it does not exist (here). */
export function readProcess(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Clock ticks per second of /proc times (`getconf CLK_TCK`; 100 when getconf is missing). */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** The roots of the three process groups the loop benchmark charges CPU to. */
export interface CpuRoots {
  /** The `orderflow serve` Node process. */
  readonly server: number;
  /** The postmaster of the server's Postgres cluster; null when it is not on this machine. */
  readonly postmaster: number | null;
  /** The benchmark (client) process. */
  readonly bench: number;
}

/** CPU ticks used so far by each group (see {@link cpuTicksByGroup}); postgres null when unknown. */
export interface CpuTicks {
  readonly server: number;
  readonly postgres: number | null;
  readonly bench: number;
}

const own = (p: ProcStat) => p.utime + p.stime;
const reaped = (p: ProcStat) => p.cutime + p.cstime;

/** `root` and every live descendant of it in `procs`, skipping the subtree of `exclude`. */
export function descendants(
  procs: ReadonlyMap<number, ProcStat>,
  root: number,
  exclude?: number,
): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of procs.values()) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const found: ProcStat[] = [];
  const start = procs.get(root);
  const queue = start && root !== exclude ? [start] : [];
  while (queue.length) {
    const p = queue.pop()!;
    found.push(p);
    for (const child of children.get(p.pid) ?? []) if (child.pid !== exclude) queue.push(child);
  }
  return found;
}

/**
 * Ticks used so far by each group:
 * - server: the server process and every live descendant outside the Postgres cluster (with
 *   tsx that is the esbuild service), plus the server's reaped children;
 * - postgres: the postmaster and every live descendant (backends, walwriter, checkpointer…),
 *   plus the postmaster's reaped children, so a backend that exited keeps counting;
 * - bench: this process (its own times only).
 * Deltas of two samples are the CPU used between them: a process that exits moves its time from
 * "live" to its parent's reaped total, so the sum stays continuous.
 */
export function cpuTicksByGroup(procs: ReadonlyMap<number, ProcStat>, roots: CpuRoots): CpuTicks {
  const sum = (list: readonly ProcStat[]) => list.reduce((total, p) => total + own(p), 0);
  const server = procs.get(roots.server);
  const postmaster = roots.postmaster === null ? undefined : procs.get(roots.postmaster);
  const bench = procs.get(roots.bench);
  return {
    server:
      sum(descendants(procs, roots.server, roots.postmaster ?? undefined)) + (server ? reaped(server) : 0),
    postgres: postmaster ? sum(descendants(procs, postmaster.pid)) + reaped(postmaster) : null,
    bench: bench ? own(bench) : 0,
  };
}
