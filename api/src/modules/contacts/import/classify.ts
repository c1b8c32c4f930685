/** Streams a CSV as classified rows: normalised, de-duplicated within the file, in chunks. */
import type { PocketBase } from '../../../lib/pb.ts';
import type { ContactRecord } from '../../../lib/records.ts';
import { readRecords, sniffFormat } from './csv-read.ts';
import { normaliseRow, type RowOptions, type RowResult } from './rows.ts';

export interface ClassifiedRow {
  /** the row number a spreadsheet shows (the header is row 1) */
  row: number;
  raw: string;
  result: RowResult;
}

/** Yields chunks of at most `size` rows; duplicates of an earlier row become `duplicate_in_file`. */
export async function* classifiedChunks(
  path: string,
  opts: RowOptions,
  size: number,
  phoneColumn: number,
): AsyncGenerator<ClassifiedRow[]> {
  const format = await sniffFormat(path);
  const seen = new Map<string, number>();
  let row = 0;
  let chunk: ClassifiedRow[] = [];
  for await (const cells of readRecords(path, format)) {
    row++;
    if (row === 1) continue;
    let result = normaliseRow(cells, opts);
    if (result.ok) {
      const first = seen.get(result.phone);
      if (first !== undefined) result = { ok: false, reason: 'duplicate_in_file', phone: result.phone };
      else seen.set(result.phone, row);
    }
    chunk.push({ row, raw: cells[phoneColumn] ?? '', result });
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/** Existing contacts of one number with these phones, in one or a few queries. */
export async function existingByPhone(
  pb: PocketBase,
  numberId: string,
  phones: string[],
  fields?: string,
): Promise<Map<string, ContactRecord>> {
  const out = new Map<string, ContactRecord>();
  // PocketBase refuses filters of much more than 100 terms; the slices are read concurrently.
  const slices: string[][] = [];
  for (let i = 0; i < phones.length; i += 100) slices.push(phones.slice(i, i + 100));
  const results = await Promise.all(
    slices.map((slice) => {
      const params: Record<string, string> = { n: numberId };
      const ors = slice.map((p, k) => {
        params[`p${k}`] = p;
        return `phone = {:p${k}}`;
      });
      return pb.collection('contacts').getFullList<ContactRecord>({
        filter: pb.filter(`wa_number = {:n} && (${ors.join(' || ')})`, params),
        batch: 500,
        ...(fields ? { fields } : {}),
      });
    }),
  );
  for (const rows of results) for (const r of rows) out.set(r.phone, r);
  return out;
}
