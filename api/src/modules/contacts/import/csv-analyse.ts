/**
 * "Analizza file": what an import with this mapping would do, without writing anything — rows that
 * would create or update a contact, duplicates inside the file, invalid or missing phones, missing
 * required fields and values that do not fit their field type.
 */
import type { PocketBase } from '../../../lib/pb.ts';
import type { ContactFieldRecord } from '../../../lib/records.ts';
import { classifiedChunks, existingByPhone } from './classify.ts';
import type { RowOptions } from './rows.ts';

export interface Analysis {
  rows: number;
  importable: number;
  would_create: number;
  would_update: number;
  skipped: Record<string, number>;
  warnings: Record<string, number>;
  /** the first few problems, with their row numbers and the cell at fault (the phone for phone problems) */
  issues: Array<{ row: number; reason: string; value: string }>;
  unmapped_required: string[];
}

export async function analyseCsv(pb: PocketBase, numberId: string, path: string, opts: RowOptions): Promise<Analysis> {
  const a: Analysis = {
    rows: 0,
    importable: 0,
    would_create: 0,
    would_update: 0,
    skipped: {},
    warnings: {},
    issues: [],
    unmapped_required: [],
  };
  const mapped = new Set(opts.mapping.filter((t) => t.startsWith('field:')).map((t) => t.slice(6)));
  a.unmapped_required = [...opts.defs.values()]
    .filter((d: ContactFieldRecord) => d.required && d.on_contact && !mapped.has(d.key))
    .map((d) => d.key);
  const phoneColumn = Math.max(0, opts.mapping.indexOf('phone'));
  for await (const chunk of classifiedChunks(path, opts, 500, phoneColumn)) {
    const phones = chunk.flatMap((r) => (r.result.ok ? [r.result.phone] : []));
    const existing = await existingByPhone(pb, numberId, phones, 'id,phone,deleted_at');
    for (const r of chunk) {
      a.rows++;
      let reason: string | undefined;
      if (!r.result.ok) reason = r.result.reason;
      else if (existing.get(r.result.phone)?.deleted_at) reason = 'contact_deleted';
      if (reason) {
        a.skipped[reason] = (a.skipped[reason] ?? 0) + 1;
        if (a.issues.length < 100) a.issues.push({ row: r.row, reason, value: r.raw });
        continue;
      }
      if (!r.result.ok) continue;
      a.importable++;
      if (existing.has(r.result.phone)) a.would_update++;
      else a.would_create++;
      for (const w of r.result.warnings) {
        a.warnings[w] = (a.warnings[w] ?? 0) + 1;
        if (a.issues.length < 100) a.issues.push({ row: r.row, reason: w, value: r.result.bad?.[w] ?? r.raw });
      }
    }
  }
  return a;
}
