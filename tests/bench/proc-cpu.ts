/**
 * CPU time by process, for the benches that need to know where a machine's cores went (Linux:
 * `/proc`; elsewhere nothing is measured). A snapshot sums each thread's user and system time
 * over this process and everything it started, grouped by what the process is; the difference of
 * two snapshots is the CPU each group used between them.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** What a process (or a browser thread group) is, for the figures. */
export type CpuGroup =
  'server' | 'browser-pool' | 'browser-other' | 'renderer' | 'chromium-other' | 'host' | 'other';

/** Seconds of CPU per group. */
export type CpuSeconds = Partial<Record<CpuGroup, number>>;

/** Clock ticks per second of `/proc`'s times (USER_HZ: 100 on every Linux Gloss runs on). */
const TICKS = 100;

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** [ppid, utime + stime in ticks] from a `stat` line (the name may hold spaces and parentheses). */
function statOf(text: string): [number, number] {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[1]), Number(fields[11]) + Number(fields[12])];
}

function groupOf(pid: number, args: string): CpuGroup {
  if (pid === process.pid) return 'host';
  if (/pouchdb-server|couchdb|beam\.smp/.test(args)) return 'server';
  if (/chrom(e|ium)/.test(args)) {
    if (/--type=renderer/.test(args)) return 'renderer';
    if (/--type=/.test(args)) return 'chromium-other';
    return 'browser-other';
  }
  return 'other';
}

/** The CPU used so far by this process and its descendants, by group; null without `/proc`. */
export function cpuSnapshot(): CpuSeconds | null {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return null;
  }
  const parent = new Map<number, number>();
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat) parent.set(pid, statOf(stat)[0]);
  }
  const mine = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++)
      if (p === process.pid) return true;
    return false;
  };
  const out: CpuSeconds = {};
  const add = (group: CpuGroup, ticks: number) => (out[group] = (out[group] ?? 0) + ticks / TICKS);
  for (const pid of pids) {
    if (!mine(pid)) continue;
    const args = (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
    const group = groupOf(pid, args);
    if (group !== 'browser-other') {
      const stat = read(`/proc/${pid}/stat`);
      if (stat) add(group, statOf(stat)[1]);
      continue;
    }
    // The browser process: its thread pool (where Chromium runs IndexedDB's backing store) apart.
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const name = (read(`/proc/${pid}/task/${tid}/comm`) ?? '').trim();
      add(name.startsWith('ThreadPool') ? 'browser-pool' : 'browser-other', statOf(stat)[1]);
    }
  }
  return out;
}

/** What each group used between two snapshots (groups of processes that ended meanwhile are lost). */
export function cpuBetween(before: CpuSeconds | null, after: CpuSeconds | null): CpuSeconds | null {
  if (!before || !after) return null;
  const out: CpuSeconds = {};
  for (const [group, s] of Object.entries(after) as [CpuGroup, number][])
    out[group] = Math.max(0, s - (before[group] ?? 0));
  return out;
}
