/**
 * Exactly once per recipient even when the process is killed mid-campaign (issue 14 #4). Spunta runs as a
 * child process; "Meta" is the sandbox in this test process, so it outlives Spunta and counts what it
 * received. The campaign is killed with SIGKILL while it sends, restarted, and must finish by itself: every
 * recipient gets exactly one message (sends caught mid-request are reconciled by biz_opaque_callback_data
 * or, when Meta never took them, sent again once), and the statistics say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childSpunta, type ChildSpunta } from '../setup/child-spunta.ts';
import { until } from '../setup/harness.ts';

const N = 400;
let app: ChildSpunta;
const phones: string[] = [];
const http = (method: string, path: string, body?: unknown) => app.http(method, path, body);
const received = (phone: string) => app.received(phone);
const totalReceived = () => phones.reduce((n, p) => n + received(p), 0);

beforeAll(async () => {
  app = await childSpunta({ SEND_RECONCILE_SECONDS: '8' });
  await app.start();
  for (let i = 0; i < N; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, N - i) }, async (_, k) => {
        const phone = `39320${String(i + k).padStart(7, '0')}`;
        phones.push(phone);
        const r = await http('POST', '/api/v1/contacts', {
          phone: `+${phone}`,
          first_name: `C${i + k}`,
          language: 'it',
        });
        if (r.status !== 201) throw new Error(`contact: ${r.status} ${JSON.stringify(r.body)}`);
      }),
    );
  }
  await until(async () => {
    const t = await http('GET', '/api/v1/templates');
    return t.body.items?.some((x: any) => x.name === 'appointment_reminder' && x.status === 'APPROVED');
  }, 30_000);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('kill -9 mid-campaign', () => {
  it('after the restart the campaign finishes by itself and every recipient got exactly one message', async () => {
    const created = await http('POST', '/api/v1/campaigns', {
      name: 'Kill test',
      template: {
        name: 'appointment_reminder',
        language: 'it',
        params: { '1': '{{contact.first_name}}', '2': 'lun', '3': '9' },
      },
      audience: { filter: {} },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await http('POST', `/api/v1/campaigns/${id}/start`)).status).toBe(200);
    // mid-campaign: some recipients reached, most not
    await until(async () => totalReceived() >= N / 5, 60_000, 10);
    const before = totalReceived();
    await app.kill();
    expect(before).toBeLessThan(N);

    await app.start();
    const done = await until(
      async () => {
        const c = (await http('GET', `/api/v1/campaigns/${id}`)).body;
        return c.state === 'completed' && c.stats.sent + c.stats.delivered + c.stats.read === N ? c : undefined;
      },
      150_000,
      250,
    );
    const counts = phones.map(received);
    expect(counts.filter((n) => n === 0)).toHaveLength(0);
    expect(counts.filter((n) => n > 1)).toHaveLength(0);
    expect(totalReceived()).toBe(N);
    expect(done.stats.audience).toBe(N);
    expect(done.stats.failed).toBe(0);
    console.log(`kill test: ${before}/${N} received before SIGKILL, ${totalReceived()} after restart, 0 duplicates`);
  }, 200_000);
});
