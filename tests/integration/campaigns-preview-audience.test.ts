/**
 * The campaign wizard counts its audience on the first step, before any content is chosen: the preview takes a
 * body with neither template nor text and answers the counts by reason (the content's own reasons — closed
 * windows, missing languages, marketing refusals — wait for the content); both at once are still refused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, login, startTestServer, type TestServer } from '../setup/harness.ts';
import type { WaNumberRecord } from '../../api/src/lib/records.ts';

let s: TestServer;
let token: string;

beforeAll(async () => {
  s = await startTestServer();
  token = await login(s);
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

it('counts an audience with no content yet, and refuses a template and a text together', async () => {
  const number = await s.ctx.pb.collection('wa_numbers').getFirstListItem<WaNumberRecord>('');
  const list = (await s.ctx.pb.collection('lists').create({ name: 'Prima' })).id as string;
  const base = { wa_number: number.id, phone_valid: true, name: '', profile_name: '', notes: '', lists: [list] };
  await s.ctx.pb
    .collection('contacts')
    .create({ ...base, phone: '+393470000001', wa_id: '393470000001', language: 'it' });
  await s.ctx.pb
    .collection('contacts')
    .create({ ...base, phone: '+393470000002', wa_id: '393470000002', blocked: true });

  const r = await api(s, token, 'POST', '/api/v1/campaigns/preview', { audience: { lists: [list] } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.audience).toBe(2);
  expect(r.body.excluded.blocked).toBe(1);
  expect(r.body.sample).toEqual([expect.objectContaining({ phone: '+393470000001', language: 'it', preview: '' })]);

  const both = await api(s, token, 'POST', '/api/v1/campaigns/preview', {
    audience: { lists: [list] },
    template: { name: 'hello_world' },
    text: { body: 'x' },
  });
  expect(both.status).toBe(422);
  expect(both.body.error.code).toBe('validation_failed');
});
