/**
 * Journal integrity on a full disk: a write the disk takes only in part is detected, cut off and
 * answered with a non-200 (so Meta retries); it is never glued to the next record. Every record
 * carries a checksum: a damaged record found at start-up is skipped, reported and kept as a dead
 * letter, and the records around it are processed. Faults come from a small seam on the file handle.
 */
import { appendFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitLines, unframe, type AppendFile, type OpenAppendFile } from '../../api/src/lib/framed-log.ts';
import { WebhookJournal } from '../../api/src/modules/channels/whatsapp/webhook-journal.ts';
import {
  api,
  fixture,
  login,
  postWebhook,
  startTestServer,
  tempDataDir,
  until,
  type TestServer,
} from '../setup/harness.ts';

/** Real files, with a switchable fault: the disk takes `takes` bytes of the next write, then is full. */
function faultyDisk() {
  const state = { fullAfter: undefined as number | undefined, writes: 0 };
  const openFile: OpenAppendFile = async (path) => {
    const fh = await open(path, 'a');
    const file: AppendFile = {
      async write(buf, offset, length) {
        state.writes++;
        if (state.fullAfter === undefined) return fh.write(buf, offset, length);
        const take = Math.min(length, state.fullAfter);
        state.fullAfter -= take;
        if (take > 0) return fh.write(buf, offset, take); // a short write: fewer bytes than asked
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
      datasync: () => fh.datasync(),
      truncate: (len) => fh.truncate(len),
      close: () => fh.close(),
    };
    return file;
  };
  return { state, openFile };
}

const body = (n: number) =>
  JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { n, text: `messaggio ${n} è arrivato` } }] }],
  });
const segment = (dir: string) =>
  join(dir, 'journal', readdirSync(join(dir, 'journal')).find((f) => f.startsWith('wal-'))!);

describe('journal file', () => {
  it('a short write on a full disk is refused and cut off; the next record is whole', async () => {
    const dir = tempDataDir();
    const disk = faultyDisk();
    const j = new WebhookJournal(dir, () => undefined, { openFile: disk.openFile });
    await j.open();
    await j.append(body(1));
    disk.state.fullAfter = 40; // the disk takes 40 bytes of the next record, then is full
    await expect(j.append(body(2))).rejects.toThrow(/short write|ENOSPC/);
    disk.state.fullAfter = undefined; // space again
    await j.append(body(3));
    await j.close();

    const again = new WebhookJournal(dir, () => undefined);
    const events = await again.open();
    expect(events.map((e) => JSON.parse(e.raw).entry[0].changes[0].value.n)).toEqual([1, 3]);
    expect(again.recovery).toEqual({ tornTailBytes: 0, corrupt: [] });
    await again.close();
  });

  it('the processed position survives a restart: written a few times a second, and at close', async () => {
    const dir = tempDataDir();
    const seen: Array<{ id: string; raw: string }> = [];
    const j = new WebhookJournal(dir, (events) => seen.push(...events));
    await j.open();
    for (let i = 0; i < 40; i++) await j.append(body(i));
    expect(seen).toHaveLength(40);
    // the writer finishes chunks one after the other: half of them are committed
    for (const e of seen.slice(0, 20)) j.checkpoint(e.id);
    await j.close();
    const again = new WebhookJournal(dir, () => undefined);
    const left = await again.open();
    expect(left.map((e) => e.raw)).toEqual(seen.slice(20).map((e) => e.raw));
    // and without a close, the timer writes it by itself
    for (const e of left.slice(0, 10)) again.checkpoint(e.id);
    const cp = join(dir, 'journal', 'checkpoint.json');
    const at = JSON.parse(readFileSync(cp, 'utf8')) as { offset: number };
    await until(async () => (JSON.parse(readFileSync(cp, 'utf8')) as { offset: number }).offset > at.offset, 5_000);
    const third = new WebhookJournal(dir, () => undefined);
    expect((await third.open()).map((e) => e.raw)).toEqual(seen.slice(30).map((e) => e.raw));
    await again.close();
    await third.close();
  });

  it('a damaged record is skipped and reported; a torn tail is cut off and reported', async () => {
    const dir = tempDataDir();
    const j = new WebhookJournal(dir, () => undefined);
    await j.open();
    for (const n of [1, 2, 3]) await j.append(body(n));
    await j.close();
    const file = segment(dir);
    const text = readFileSync(file, 'utf8');
    // one flipped character inside the second record: still valid JSON, but not what Meta sent
    writeFileSync(file, text.replace('messaggio 2', 'messaggio 7'));
    appendFileSync(file, '0badf00d "{\\"object\\":'); // a write that never completed

    const again = new WebhookJournal(dir, () => undefined);
    const events = await again.open();
    expect(events.map((e) => JSON.parse(e.raw).entry[0].changes[0].value.n)).toEqual([1, 3]);
    expect(again.recovery.corrupt).toEqual([expect.objectContaining({ reason: 'checksum_mismatch' })]);
    expect(again.recovery.tornTailBytes).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    await again.close();
  });

  it('still reads a journal written before records had checksums', async () => {
    const dir = tempDataDir();
    mkdirSync(join(dir, 'journal'), { recursive: true });
    writeFileSync(join(dir, 'journal', 'wal-00000000.log'), `${JSON.stringify(body(1))}\n${JSON.stringify(body(2))}\n`);
    const j = new WebhookJournal(dir, () => undefined);
    expect((await j.open()).map((e) => JSON.parse(e.raw).entry[0].changes[0].value.n)).toEqual([1, 2]);
    await j.append(body(3));
    await j.close();
    expect(
      (await new WebhookJournal(dir, () => undefined).open()).map((e) => JSON.parse(e.raw).entry[0].changes[0].value.n),
    ).toEqual([1, 2, 3]);
  });
});

describe('webhook route on a full disk', () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  const delivery = (tag: string) =>
    fixture('message-text').replace(/"id":\s*"wamid\.[^"]+"/, `"id":"wamid.disk${tag}"`);

  it('answers 503 while the journal cannot write, 200 once it can; the refused body is not half-kept', async () => {
    const disk = faultyDisk();
    s = await startTestServer({ journalOpenFile: disk.openFile });
    disk.state.fullAfter = 25;
    const refused = await postWebhook(s, delivery('a'));
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.code).toBe('store_unavailable');
    disk.state.fullAfter = undefined;
    expect((await postWebhook(s, delivery('b'))).status).toBe(200);
    await s.ctx.writer.idle();
    const wamids = (
      await s.ctx.pb.collection('messages').getFullList<{ wamid: string }>({ filter: "wamid ~ 'wamid.disk'" })
    ).map((m) => m.wamid);
    expect(wamids).toEqual(['wamid.diskb']);
    // the journal on disk holds exactly the acknowledged body, every line whole and checksummed
    const lines = readFileSync(segment(s.dataDir));
    const { lines: records, tail } = splitLines(lines);
    expect(tail).toBe(lines.length);
    const kept = records.map(({ line }) => {
      const rec = unframe(line);
      if (!rec.ok) throw new Error(`damaged record: ${rec.reason}`);
      return JSON.parse(JSON.parse(rec.payload)).entry[0].changes[0].value.messages[0].id as string;
    });
    expect(kept).toEqual(['wamid.diskb']);
  });

  it('a damaged record found at start-up is processed around, reported and listed as a dead letter', async () => {
    const dir = tempDataDir();
    const j = new WebhookJournal(dir, () => undefined);
    await j.open();
    for (const tag of ['1', '2', '3']) await j.append(delivery(tag));
    await j.close();
    const file = segment(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace('wamid.disk2', 'wamid.disk9'));

    s = await startTestServer({ dataDir: dir });
    await s.ctx.writer.idle();
    const wamids = (
      await s.ctx.pb
        .collection('messages')
        .getFullList<{ wamid: string }>({ filter: "wamid ~ 'wamid.disk'", sort: 'wamid' })
    ).map((m) => m.wamid);
    expect(wamids).toEqual(['wamid.disk1', 'wamid.disk3']);
    const list = await api(s, await login(s), 'GET', '/api/v1/dead-letters');
    expect(list.body.items).toEqual([
      expect.objectContaining({ reason: 'corrupt_record', error: 'checksum_mismatch', state: 'dead' }),
    ]);
  });
});
