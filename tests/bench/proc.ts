/**
 * Memory of the Spunta process and of its PocketBase child, read from /proc (Linux): VmRSS sampled while
 * something runs, and VmHWM (the kernel's own peak since the process started).
 */
import { readFileSync, readdirSync } from 'node:fs';

export function statusMb(pid: number | undefined, key: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  if (!pid) return 0;
  try {
    const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // the fields after the command's closing parenthesis; utime and stime are the 12th and 13th of them
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** PocketBase is the Node server's child process. */
export function pocketbasePid(pid: number): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const c of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('pocketbase')) return Number(c);
      }
    }
  } catch {
    /* gone */
  }
  return undefined;
}

/** Peak VmRSS of the server and of PocketBase between start() and stop(), sampled every `everyMs`. */
export class RssSampler {
  peak = { node: 0, pb: 0 };
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}
  start(): void {
    this.peak = { node: 0, pb: 0 };
    const pb = pocketbasePid(this.pid);
    this.timer = setInterval(() => {
      this.peak.node = Math.max(this.peak.node, statusMb(this.pid));
      this.peak.pb = Math.max(this.peak.pb, statusMb(pb));
    }, this.everyMs);
  }
  stop(): { node: number; pb: number } {
    clearInterval(this.timer);
    return this.peak;
  }
}
