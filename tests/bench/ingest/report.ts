/** bench:ingest's output: peak RSS of every process and markdown tables. */
import { pocketbasePid, statusMb } from '../proc.ts';

/** Peak VmRSS (MB) of named processes, sampled every `everyMs`; PocketBase is looked up again if it restarts. */
export class PeakRss {
  peak: Record<string, number> = {};
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly pids: Record<string, () => number | undefined>,
    private readonly everyMs = 200,
  ) {}
  start(): void {
    this.peak = Object.fromEntries(Object.keys(this.pids).map((k) => [k, 0]));
    const sample = () => {
      for (const [name, pid] of Object.entries(this.pids))
        this.peak[name] = Math.max(this.peak[name]!, statusMb(pid()));
    };
    sample();
    this.timer = setInterval(sample, this.everyMs);
  }
  stop(): Record<string, number> {
    clearInterval(this.timer);
    return { ...this.peak };
  }
}

/** Spunta's PocketBase child, cached while it lives */
export function pbPidOf(spuntaPid: number): () => number | undefined {
  let pid: number | undefined;
  return () => {
    if (!pid || !statusMb(pid)) pid = pocketbasePid(spuntaPid);
    return pid;
  };
}

export function markdown(rows: Array<Record<string, string | number>>): string {
  if (!rows.length) return '';
  const keys = Object.keys(rows[0]!);
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(keys), line(keys.map(() => '---')), ...rows.map((r) => line(keys.map((k) => r[k] ?? '')))].join('\n');
}

export const ms = (x: number): string =>
  Number.isFinite(x) ? (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)}`) : '–';
