/**
 * What a server process (and the processes it forked) has used, from /proc: CPU time
 * (utime + stime, in clock ticks of 10 ms) and memory (RSS, and PSS, which shares the pages
 * that several processes map among them, so that Kamailio's shared memory counts once).
 */
import { readFile, readdir } from 'node:fs/promises';

/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

interface StatLine {
  readonly pid: number;
  readonly ppid: number;
  readonly cpuTicks: number;
}

/** Fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parentheses). */
function parseStat(text: string): StatLine {
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15
  const at = (field: number): number => Number(fields[field - 3]);
  return { pid, ppid: at(4), cpuTicks: at(14) + at(15) };
}

async function readStat(pid: number): Promise<StatLine | undefined> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The process and all its descendants, alive now. */
export async function processTree(root: number): Promise<readonly number[]> {
  const stats = await Promise.all(
    (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map((name) => readStat(Number(name))),
  );
  const children = new Map<number, number[]>();
  for (const stat of stats) {
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number): void => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** CPU seconds (user + system) the processes have used since they started. */
export async function cpuSeconds(pids: readonly number[]): Promise<number> {
  const stats = await Promise.all(pids.map(readStat));
  return stats.reduce((sum, stat) => sum + (stat?.cpuTicks ?? 0), 0) / TICKS_PER_SECOND;
}

export interface MemoryUse {
  readonly rssBytes: number;
  readonly pssBytes: number;
}

/** Resident and proportional set size of the processes together, from /proc/<pid>/smaps_rollup. */
export async function memoryUse(pids: readonly number[]): Promise<MemoryUse> {
  let rssBytes = 0;
  let pssBytes = 0;
  for (const pid of pids) {
    const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
    rssBytes += kib('Rss');
    pssBytes += kib('Pss');
  }
  return { rssBytes, pssBytes };
}
