/**
 * A batch of rollup contributions, merged in memory and written in one transaction through
 * pb_hooks/analytics.pb.js. Row ids derive from their key, so the same key is the same row.
 */
import { createHash } from 'node:crypto';
import {
  emptyCounters,
  hourOf,
  minuteOf,
  type Counters,
  type Metric,
  type Sink,
  type ThreadState,
} from './analytics-rules.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** A PocketBase id (15 chars of [a-z0-9]) derived from a key. */
export function keyId(key: string): string {
  const d = createHash('sha256').update(key).digest();
  let out = '';
  for (let i = 0; i < 15; i++) out += ALPHABET[d[i]! % 36];
  return out;
}

export interface LifecycleRow {
  id: string;
  conversation: string;
  wa_number: string;
  kind: 'open' | 'close' | 'assign';
  agent: string;
  at: number;
}

export class RollupBatch implements Sink {
  readonly hours = new Map<string, { hour: number; wa_number: string; agent: string; m: Counters }>();
  readonly minutes = new Map<string, { minute: number; wa_number: string; inbound: number; outbound: number }>();
  readonly reached = new Map<string, { hour: number; wa_number: string; contact: string }>();
  readonly threads = new Map<string, ThreadState>();
  readonly lifecycle: LifecycleRow[] = [];

  add(hour: number, number: string, agent: string, metric: Metric, value: number): void {
    const key = `${hour}|${number}|${agent}`;
    let row = this.hours.get(key);
    if (!row) {
      row = { hour, wa_number: number, agent, m: emptyCounters() };
      this.hours.set(key, row);
    }
    row.m[metric] += value;
  }

  minute(at: number, number: string, dir: 'inbound' | 'outbound'): void {
    const minute = minuteOf(at);
    const key = `${minute}|${number}`;
    let row = this.minutes.get(key);
    if (!row) {
      row = { minute, wa_number: number, inbound: 0, outbound: 0 };
      this.minutes.set(key, row);
    }
    row[dir] += 1;
  }

  reach(hour: number, number: string, contact: string): void {
    if (!contact) return;
    this.reached.set(`${hourOf(hour)}|${number}|${contact}`, { hour: hourOf(hour), wa_number: number, contact });
  }

  get size(): number {
    return this.hours.size + this.minutes.size + this.reached.size + this.threads.size + this.lifecycle.length;
  }

  /** The body of /api/spunta/analytics/apply. */
  body(extra: Record<string, unknown>): Record<string, unknown> {
    return {
      ...extra,
      hours: [...this.hours.entries()].map(([k, r]) => ({ id: keyId(`h|${k}`), ...r })),
      minutes: [...this.minutes.entries()].map(([k, r]) => ({ id: keyId(`m|${k}`), ...r })),
      reach: [...this.reached.entries()].map(([k, r]) => ({ id: keyId(`r|${k}`), ...r })),
      threads: [...this.threads.entries()].map(([id, state]) => ({ id, state })),
      lifecycle: this.lifecycle,
    };
  }
}
