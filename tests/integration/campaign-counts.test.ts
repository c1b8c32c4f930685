/**
 * A campaign's statistics come from counts SQLite keeps beside the recipient rows (triggers of migration
 * 1763701807), no longer from counting the rows. Here every path that changes a row — the hook routes the
 * engine uses (insert, hand-over, statuses, replies, the messaging limit, cancel, purge), PocketBase's record
 * API and /api/batch — is taken in turn, and after each one the statistics must equal a count of the rows
 * themselves, for every campaign and occurrence touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecipientStore, type RawStats, type RecipientRow } from '../../api/src/modules/campaigns/recipient-store.ts';
import { startTestServer, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let store: RecipientStore;
const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(15 - prefix.length, '0')}`;
const C1 = id('cmpcounta', 1);
const C2 = id('cmpcountb', 2);
const AT = '2026-12-01 10:00:00.000Z';

/** the statistics as the rows themselves say (what the stats route used to compute with a GROUP BY) */
async function counted(campaign: string, occurrence: number): Promise<RawStats> {
  const rows = await s.ctx.pb.collection('campaign_recipients').getFullList<RecipientRow>({
    filter: s.ctx.pb.filter('campaign = {:c} && occurrence = {:o}', { c: campaign, o: occurrence }),
  });
  const states = new Map<string, { state: string; reason: string; n: number }>();
  const buttons = new Map<string, number>();
  let replied = 0;
  let unsent = 0;
  for (const r of rows) {
    const k = `${r.state}\u0000${r.excluded_reason}`;
    const e = states.get(k) ?? { state: r.state, reason: r.excluded_reason, n: 0 };
    e.n++;
    states.set(k, e);
    if (r.replied_at) replied++;
    if (r.button) buttons.set(r.button, (buttons.get(r.button) ?? 0) + 1);
    if ((r.state === 'queued' || r.state === 'waiting_limit') && !r.message) unsent++;
  }
  return {
    states: [...states.values()],
    replied,
    buttons: [...buttons].map(([button, n]) => ({ button, n })),
    unsent,
  };
}

const sorted = (x: RawStats) => ({
  states: [...x.states].sort((a, b) => `${a.state}/${a.reason}`.localeCompare(`${b.state}/${b.reason}`)),
  replied: x.replied,
  buttons: [...x.buttons].sort((a, b) => a.button.localeCompare(b.button)),
  unsent: x.unsent,
});

async function expectExact(step: string): Promise<void> {
  for (const [c, o] of [
    [C1, 0],
    [C1, 1],
    [C2, 0],
  ] as const) {
    const truth = sorted(await counted(c, o));
    expect({ step, c, o, ...sorted(await store.stats(c, o)) }).toEqual({ step, c, o, ...truth });
  }
}

beforeAll(async () => {
  s = await startTestServer();
  store = new RecipientStore(s.ctx.pb);
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

describe('campaign statistics kept by the store', () => {
  it('equal a count of the recipient rows after every kind of change, on every path', async () => {
    const row = (campaign: string, occurrence: number, i: number, extra: Partial<RecipientRow> = {}) => ({
      id: id(campaign === C1 ? `r${occurrence}` : 'q', i),
      campaign,
      occurrence,
      contact: id('ct', i),
      state: 'queued' as const,
      ...extra,
    });
    // the engine's insert: queued and excluded (by reason), two occurrences
    await store.insert([
      ...Array.from({ length: 30 }, (_, i) => row(C1, 0, i)),
      ...Array.from({ length: 9 }, (_, i) =>
        row(C1, 0, 30 + i, {
          state: 'excluded',
          excluded_reason: ['opted_out', 'blocked', 'invalid_phone'][i % 3]!,
        }),
      ),
      ...Array.from({ length: 6 }, (_, i) => row(C1, 1, i)),
    ]);
    // inserting the same rows again (a page read twice after a crash) counts nobody twice
    await store.insert(Array.from({ length: 5 }, (_, i) => row(C1, 0, i)));
    // PocketBase's record API
    for (let i = 0; i < 8; i++) await s.ctx.pb.collection('campaign_recipients').create(row(C2, 0, i));
    await expectExact('inserted');

    // handed over: a message per recipient
    await store.update(Array.from({ length: 20 }, (_, i) => ({ id: id('r0', i), set: { message: id('msg', i) } })));
    await expectExact('handed over');

    // statuses, out of order and repeated: a late "sent" never undoes "read"
    const status = (from: number, to: number, st: 'sent' | 'delivered' | 'read' | 'failed') =>
      Array.from({ length: to - from }, (_, k) => ({
        message: id('msg', from + k),
        status: st,
        at: AT,
        ...(st === 'failed' ? { error_code: 131026, error_text: 'Message undeliverable' } : {}),
      }));
    await store.status([...status(0, 15, 'sent'), ...status(0, 10, 'delivered'), ...status(0, 5, 'read')]);
    await store.status([...status(0, 3, 'sent'), ...status(15, 17, 'failed'), ...status(17, 18, 'read')]);
    await expectExact('statuses');

    // replies within 3 days of the message, two of them quick-reply taps
    await store.replied([
      { contact: id('ct', 0), at: AT, since: '2026-11-28 10:00:00.000Z', until: AT, button: 'Sì' },
      { contact: id('ct', 1), at: AT, since: '2026-11-28 10:00:00.000Z', until: AT, button: 'Sì' },
      { contact: id('ct', 2), at: AT, since: '2026-11-28 10:00:00.000Z', until: AT, button: '' },
    ]);
    await expectExact('replied');

    // the messaging limit, then a cancel of the other occurrence
    expect(await store.wait(C1, 0, '2026-12-02 10:00:00.000Z')).toBe(10);
    expect(await store.cancel(C1, 1)).toBe(6);
    await expectExact('waiting and cancelled');

    // PocketBase's record API and /api/batch change and delete rows too
    await s.ctx.pb.collection('campaign_recipients').update(id('r0', 20), { state: 'queued', retry_at: '' });
    await s.ctx.pb.collection('campaign_recipients').update(id('r0', 21), { message: id('msg', 99) });
    await s.ctx.pb.collection('campaign_recipients').update(id('r0', 5), { error_text: 'only a text changed' });
    await s.ctx.pb.collection('campaign_recipients').delete(id('r0', 33));
    const batch = s.ctx.pb.createBatch();
    batch.collection('campaign_recipients').update(id('q', 0), { state: 'sent', message: id('msq', 0) });
    batch.collection('campaign_recipients').update(id('q', 1), { campaign: C1, occurrence: 1, contact: id('ct', 77) });
    batch.collection('campaign_recipients').delete(id('q', 2));
    await batch.send();
    await expectExact('record API and batch');

    // a deleted campaign's rows and counts are gone
    expect(await store.purge(C2)).toBe(6);
    expect(await store.stats(C2, 0)).toEqual({ states: [], replied: 0, buttons: [], unsent: 0 });
    await expectExact('purged');
    const c1 = sorted(await store.stats(C1, 0));
    // a sanity check of the fixture itself: every kind of state is present
    expect(c1.states.map((x) => x.state).sort()).toEqual(
      expect.arrayContaining(['delivered', 'excluded', 'failed', 'queued', 'read', 'sent', 'waiting_limit']),
    );
    expect(c1.replied).toBe(3);
    expect(c1.buttons).toEqual([{ button: 'Sì', n: 2 }]);
  }, 60_000);
});
