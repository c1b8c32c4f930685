/**
 * The loops that moved onto the scheduler, in the whole server (real PocketBase, the sandbox as Meta)
 * with a ManualClock: inbound media downloads are retried with back-off while Meta's media lookup
 * fails, and a download that keeps failing ends as a failed message; template sync recurs; purges run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/src/engine/scheduler/clock.ts';
import type { MessageRecord } from '../../api/src/lib/records.ts';
import { startTestServer, until, type TestServer } from '../setup/harness.ts';

const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const MIN = 60_000;
let s: TestServer;
let clock: ManualClock;

interface Row {
  state: string;
  attempts: number;
  last_error: string;
  run_at: number;
}
const work = (key: string) =>
  s.ctx.pb.collection('work_items').getFirstListItem<Row>(s.ctx.pb.filter('dedupe_key = {:k}', { k: key }));

async function inboundImage(from: string): Promise<MessageRecord> {
  await s.sandbox!.customerSend({ type: 'image', from, name: 'Foto', media: { data: PNG, mimeType: 'image/png' } });
  return until(
    async () =>
      (
        await s.ctx.pb.collection('messages').getList<MessageRecord>(1, 1, {
          filter: s.ctx.pb.filter("type = 'image' && conversation.contact.wa_id = {:w}", { w: from }),
        })
      ).items[0],
  );
}

beforeAll(async () => {
  clock = new ManualClock();
  s = await startTestServer({ clock });
});
afterAll(async () => {
  await s?.stop();
});

describe('media downloads on the scheduler', () => {
  it('retries with back-off while Meta fails, then stores the file', async () => {
    s.sandbox!.faults.failMediaLookups(2, { code: 131000, httpStatus: 500, details: 'Something went wrong' });
    const m = await inboundImage('393402260001');
    const row = await until(async () => {
      const r = await work(`media:${m.id}`);
      return r.attempts === 1 && r.state === 'pending' ? r : undefined;
    });
    expect(row.last_error).toContain('131000');
    expect(row.run_at - clock.now()).toBeGreaterThanOrEqual(0.8 * MIN - 1000); // about a minute of back-off
    expect((await s.ctx.pb.collection('messages').getOne<MessageRecord>(m.id)).media_status).toBe('pending');
    clock.advance(2 * MIN);
    await until(
      async () => (await work(`media:${m.id}`)).attempts === 2 && (await work(`media:${m.id}`)).state === 'pending',
    );
    clock.advance(3 * MIN);
    const ready = await until(async () => {
      const msg = await s.ctx.pb.collection('messages').getOne<MessageRecord>(m.id);
      return msg.media_status === 'ready' ? msg : undefined;
    });
    // media are protected files: read with a short-lived file token
    const token = await s.ctx.pb.files.getToken();
    const file = await fetch(s.ctx.pb.files.getURL(ready, ready.media, { token }));
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    // the job is marked done just after the file lands: await it rather than race it
    const finished = await until(async () => {
      const r = await work(`media:${m.id}`);
      return r.state === 'done' ? r : undefined;
    });
    expect(finished.attempts).toBe(3);
  });

  it('gives up after its last attempt: the row is dead with the error and the message shows the failure', async () => {
    s.sandbox!.faults.failMediaLookups(8, { code: 131000, httpStatus: 500, details: 'Meta is down' });
    const m = await inboundImage('393402260002');
    for (let attempt = 1; attempt < 8; attempt++) {
      await until(async () => (await work(`media:${m.id}`)).attempts === attempt);
      await s.ctx.scheduler.idle();
      clock.advance(90 * MIN);
    }
    const dead = await until(async () => {
      const r = await work(`media:${m.id}`);
      return r.state === 'dead' ? r : undefined;
    });
    expect(dead.attempts).toBe(8);
    expect(dead.last_error).toContain('Meta is down');
    await until(
      async () => (await s.ctx.pb.collection('messages').getOne<MessageRecord>(m.id)).media_status === 'failed',
    );
  });
});

describe('recurring work', () => {
  it('template sync is one recurring row that runs again when its period has passed', async () => {
    await s.ctx.scheduler.idle(); // the earlier tests' hours made it due
    const row = await work('recurring:templates.sync');
    expect(row).toMatchObject({ state: 'pending', attempts: 0 });
    expect(row.run_at).toBeGreaterThan(clock.now());
    const some = await s.ctx.pb.collection('templates').getFirstListItem<{ id: string; name: string }>('');
    await s.ctx.pb.collection('templates').delete(some.id);
    clock.set(row.run_at + 1);
    await until(
      async () =>
        (
          await s.ctx.pb
            .collection('templates')
            .getList(1, 1, { filter: s.ctx.pb.filter('name = {:n}', { n: some.name }) })
        ).totalItems > 0,
    );
  });

  it('purges idempotency keys and notices once they are a day old on the clock', async () => {
    const user = await s.ctx.pb.collection('users').getFirstListItem<{ id: string }>('');
    const key = await s.ctx.pb
      .collection('idempotency_keys')
      .create({ key: 'k-old', principal: user.id, request_hash: 'h', status_code: 200, response: {} });
    const notice = await s.ctx.pb
      .collection('user_notices')
      .create({ user: user.id, kind: 'unassigned', conversation: '' });
    await s.ctx.scheduler.idle();
    expect(
      (
        await s.ctx.pb
          .collection('idempotency_keys')
          .getList(1, 1, { filter: s.ctx.pb.filter('id = {:id}', { id: key.id }) })
      ).totalItems,
    ).toBe(1);
    clock.advance(26 * 60 * MIN);
    await until(
      async () =>
        (
          await s.ctx.pb
            .collection('idempotency_keys')
            .getList(1, 1, { filter: s.ctx.pb.filter('id = {:id}', { id: key.id }) })
        ).totalItems === 0,
    );
    await until(
      async () =>
        (
          await s.ctx.pb
            .collection('user_notices')
            .getList(1, 1, { filter: s.ctx.pb.filter('id = {:id}', { id: notice.id }) })
        ).totalItems === 0,
    );
  });
});
