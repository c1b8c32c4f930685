/**
 * A rollup batch as SQL for pb_hooks/analytics.pb.js (which accepts only these statements, on these tables):
 * multi-row upserts with literal values. Every value is checked here — ids are PocketBase ids
 * ([a-z0-9], ≤ 15), numbers finite, JSON text quoted — so nothing from outside reaches the SQL as code.
 */
import { createHash } from 'node:crypto';
import { METRICS } from './analytics-rules.ts';
import type { RollupBatch } from './rollup-batch.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** A PocketBase id (15 chars of [a-z0-9]) derived from a key: the same key is the same row. */
export function keyId(key: string): string {
  const d = createHash('sha256').update(key).digest();
  let out = '';
  for (let i = 0; i < 15; i++) out += ALPHABET[d[i]! % 36];
  return out;
}

const ID = /^[a-z0-9]{0,15}$/;
function id(v: string): string {
  if (!ID.test(v)) throw new Error(`analytics: not a record id: ${v.slice(0, 40)}`);
  return `'${v}'`;
}
const num = (v: number) => (Number.isFinite(v) ? String(v) : '0');
const text = (v: string) => `'${v.replace(/'/g, "''")}'`;

function chunked<T>(rows: T[], size: number, fn: (chunk: T[]) => string, out: string[]): void {
  for (let i = 0; i < rows.length; i += size) out.push(fn(rows.slice(i, i + size)));
}

const COLS = METRICS.join(', ');
const SETS = METRICS.map((m) => `${m} = ${m} + excluded.${m}`).join(', ');

export function rollupStatements(b: RollupBatch, opts: { pruneMinutesBefore?: number } = {}): string[] {
  const out: string[] = [];
  chunked(
    [...b.hours.entries()],
    300,
    (rows) =>
      `INSERT INTO analytics_hours (id, hour, wa_number, agent, ${COLS}) VALUES ${rows
        .map(
          ([k, r]) =>
            `(${[id(keyId(`h|${k}`)), num(r.hour), id(r.wa_number), id(r.agent), ...METRICS.map((m) => num(r.m[m]))].join(', ')})`,
        )
        .join(', ')} ON CONFLICT(hour, wa_number, agent) DO UPDATE SET ${SETS}`,
    out,
  );
  chunked(
    [...b.minutes.entries()],
    500,
    (rows) =>
      `INSERT INTO analytics_minutes (id, minute, wa_number, inbound, outbound) VALUES ${rows
        .map(
          ([k, r]) =>
            `(${[id(keyId(`m|${k}`)), num(r.minute), id(r.wa_number), num(r.inbound), num(r.outbound)].join(', ')})`,
        )
        .join(
          ', ',
        )} ON CONFLICT(minute, wa_number) DO UPDATE SET inbound = inbound + excluded.inbound, outbound = outbound + excluded.outbound`,
    out,
  );
  chunked(
    [...b.reached.entries()],
    500,
    (rows) =>
      `INSERT OR IGNORE INTO analytics_reach (id, hour, wa_number, contact) VALUES ${rows
        .map(([k, r]) => `(${[id(keyId(`r|${k}`)), num(r.hour), id(r.wa_number), id(r.contact)].join(', ')})`)
        .join(', ')}`,
    out,
  );
  chunked(
    [...b.threads.entries()],
    300,
    (rows) =>
      `INSERT OR REPLACE INTO analytics_threads (id, state) VALUES ${rows
        .map(([tid, state]) => `(${id(tid)}, ${text(JSON.stringify(state))})`)
        .join(', ')}`,
    out,
  );
  chunked(
    b.lifecycle,
    300,
    (rows) =>
      `INSERT OR IGNORE INTO analytics_lifecycle (id, conversation, wa_number, kind, agent, at) VALUES ${rows
        .map(
          (r) =>
            `(${[id(r.id), id(r.conversation), id(r.wa_number), text(r.kind), id(r.agent), num(r.at)].join(', ')})`,
        )
        .join(', ')}`,
    out,
  );
  if (opts.pruneMinutesBefore)
    out.push(`DELETE FROM analytics_minutes WHERE minute < ${Math.floor(opts.pruneMinutesBefore)}`);
  return out;
}
