/**
 * Reading uploaded CSVs as a stream of records (papaparse), whatever spreadsheet produced them:
 * comma, semicolon, tab or pipe; UTF-8 with or without BOM, or Windows-1252 from an old Excel;
 * quoted cells with delimiters, quotes and newlines; Excel's "sep=;" first line.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';

export type Delimiter = ',' | ';' | '\t' | '|';
export interface CsvFormat {
  encoding: 'utf8' | 'latin1';
  delimiter: Delimiter;
  /** the first line is Excel's "sep=X" hint, not the header */
  sepLine: boolean;
}

const CANDIDATES: Delimiter[] = [';', ',', '\t', '|'];

export async function sniffFormat(path: string): Promise<CsvFormat> {
  const fh = await open(path, 'r');
  let buf: Buffer;
  try {
    const b = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(b, 0, b.length, 0);
    buf = b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  // Cut at the last newline so a multi-byte character split by the sample does not look invalid.
  const cut = buf.lastIndexOf(0x0a);
  const sample = cut > 0 && buf.length === 64 * 1024 ? buf.subarray(0, cut) : buf;
  let encoding: CsvFormat['encoding'] = 'utf8';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample);
  } catch {
    encoding = 'latin1';
    text = sample.toString('latin1');
  }
  text = text.replace(/^\uFEFF/, '');
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep && CANDIDATES.includes(sep[1] as Delimiter))
    return { encoding, delimiter: sep[1] as Delimiter, sepLine: true };
  // Count candidates per line outside quoted cells; the one that splits lines consistently wins.
  const lines = text
    .replace(/"(?:[^"]|"")*"/g, '""')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
  let best: { d: Delimiter; score: number } = { d: ',', score: 0 };
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const first = counts[0] ?? 0;
    if (!first) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = first * (consistent >= 0.9 ? 10 : 1) * consistent;
    if (score > best.score) best = { d, score };
  }
  return { encoding, delimiter: best.d, sepLine: false };
}

/** Records (arrays of cells) in file order; blank lines are skipped. */
export async function* readRecords(path: string, fmt: CsvFormat): AsyncGenerator<string[]> {
  const input = createReadStream(path, { encoding: fmt.encoding, highWaterMark: 256 * 1024 });
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: fmt.delimiter, skipEmptyLines: 'greedy' });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let first = true;
  let skipSep = fmt.sepLine;
  for await (const row of parser as AsyncIterable<string[]>) {
    if (first) {
      first = false;
      if (row[0]) row[0] = row[0].replace(/^\uFEFF/, '');
      if (skipSep && /^sep=/i.test(row[0] ?? '')) {
        skipSep = false;
        continue;
      }
    }
    yield row;
  }
}

/** Header, the first rows and the format: what the wizard shows before mapping. */
export async function previewCsv(
  path: string,
  rows = 10,
): Promise<{ format: CsvFormat; header: string[]; rows: string[][] }> {
  const format = await sniffFormat(path);
  const out: string[][] = [];
  let header: string[] | undefined;
  const it = readRecords(path, format);
  for await (const r of it) {
    if (!header) header = r.map((h) => h.trim());
    else out.push(r);
    if (out.length >= rows) break;
  }
  await it.return(undefined);
  return { format, header: header ?? [], rows: out };
}
