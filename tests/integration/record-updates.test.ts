/**
 * Concurrent partial updates of one record keep every change (api/src/lib/record-update.ts). PocketBase's
 * plain update route saves every column of a record it loaded before its write transaction, so a campaign
 * started while its cost estimate and its statistics were being saved could go back to "scheduled" and never
 * send (a CI failure of campaigns-engine.test.ts). Through updateRecord each update starts from the one
 * before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotFound, isUniqueViolation } from '../../api/src/lib/pb.ts';
import { updateRecord } from '../../api/src/lib/record-update.ts';
import { startTestServer, type TestServer } from '../setup/harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

const CAMPAIGNS = 40;

describe('updateRecord', () => {
  it('four writers changing different fields of the same campaign at once: every change is kept', async () => {
    const { pb } = s.ctx;
    const ids: string[] = [];
    for (let i = 0; i < CAMPAIGNS; i++) {
      ids.push(
        (await pb.collection('campaigns').create({ name: `C${i}`, state: 'scheduled', occurrence: 0, audience: {} }))
          .id,
      );
    }
    // what the engine, the statistics, the estimate and the slice cursor write at the same moment
    await Promise.all(
      ids.flatMap((id, i) => [
        updateRecord(pb, 'campaigns', id, { state: 'sending', occurrence: 1 }),
        updateRecord(pb, 'campaigns', id, { stats: { audience: i } }),
        updateRecord(pb, 'campaigns', id, { estimate: { messages: i } }),
        updateRecord(pb, 'campaigns', id, { cursor: `cur${i}`, materialized: true }),
      ]),
    );
    const rows = await pb.collection('campaigns').getFullList({ filter: "name ~ 'C'", sort: 'created' });
    const lost = rows.filter(
      (r, i) =>
        r.id !== ids[i] ||
        r.state !== 'sending' ||
        r.occurrence !== 1 ||
        r.stats?.audience !== i ||
        r.estimate?.messages !== i ||
        r.cursor !== `cur${i}` ||
        r.materialized !== true,
    );
    expect(lost.map((r) => r.name)).toEqual([]);
    expect(rows).toHaveLength(CAMPAIGNS);
  }, 60_000);

  it('answers with the saved record; a refusal keeps its own status and field errors', async () => {
    const { pb } = s.ctx;
    const a = await pb.collection('lists').create({ name: 'Clienti' });
    await pb.collection('lists').create({ name: 'Fornitori' });
    const saved = await updateRecord<{ id: string; description: string }>(pb, 'lists', a.id, {
      description: 'VIP',
    });
    expect(saved).toMatchObject({ id: a.id, description: 'VIP', name: 'Clienti' });

    const missing = await updateRecord(pb, 'lists', 'nonexistent0000', { name: 'x' }).catch((e) => e);
    expect(isNotFound(missing)).toBe(true);
    const taken = await updateRecord(pb, 'lists', a.id, { name: 'Fornitori' }).catch((e) => e);
    expect(isUniqueViolation(taken)).toBe(true);
    const tooLong = await updateRecord(pb, 'lists', a.id, { name: 'x'.repeat(5000) }).catch((e) => e);
    expect(tooLong.status).toBe(400);
    expect(tooLong.response.data.name.code).toBe('validation_max_text_constraint');
    expect((await pb.collection('lists').getOne(a.id)).name).toBe('Clienti');
  });
});
