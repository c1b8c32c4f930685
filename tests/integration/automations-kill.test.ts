/**
 * Automations survive a crash (issue 15 #3): contacts are inside a three-step automation with delays when
 * Spunta is killed with SIGKILL; after the restart every pending step runs by itself — none lost, none
 * twice: each contact got exactly one template message from the automation, and every run completed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childSpunta, type ChildSpunta } from '../setup/child-spunta.ts';
import { until } from '../setup/harness.ts';

const N = 60;
let app: ChildSpunta;
const phones = Array.from({ length: N }, (_, i) => `39321${String(i).padStart(7, '0')}`);

beforeAll(async () => {
  app = await childSpunta({ SEND_RECONCILE_SECONDS: '8' });
  await app.start();
  await until(async () => {
    const t = await app.http('GET', '/api/v1/templates');
    return t.body.items?.some((x: any) => x.name === 'benvenuto' && x.status === 'APPROVED');
  }, 30_000);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('kill -9 with steps pending', () => {
  it('after the restart every pending step runs once: one message each, every run completed', async () => {
    const a = await app.http('POST', '/api/v1/automations', {
      name: 'Dopo il riavvio',
      active: true,
      trigger: { type: 'integration' },
      steps: [
        { action: { type: 'add_tag', tag: 'entrato' } },
        {
          after: { seconds: 2 },
          action: { type: 'send_template', template: { name: 'benvenuto', params: { '1': '{{contact.first_name}}' } } },
        },
        { after: { seconds: 2 }, action: { type: 'add_tag', tag: 'finito' } },
      ],
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const id = a.body.id;
    for (let i = 0; i < N; i += 20)
      await Promise.all(
        phones.slice(i, i + 20).map(async (p, k) => {
          const r = await app.http('POST', `/api/v1/automations/${id}/start`, {
            phone: `+${p}`,
            first_name: `C${i + k}`,
          });
          if (r.status !== 202) throw new Error(`start: ${r.status} ${JSON.stringify(r.body)}`);
        }),
      );
    // the sends of step 2 have begun: kill in the middle of them
    const total = () => phones.reduce((n, p) => n + app.received(p), 0);
    await until(async () => total() >= 3, 30_000, 5);
    await app.kill();
    const before = total();
    expect(before).toBeLessThan(N);

    await app.start();
    const rep = await until(
      async () => {
        const r = (await app.http('GET', `/api/v1/automations/${id}/report`)).body;
        return r.completed === N ? r : undefined;
      },
      90_000,
      250,
    ).catch(async (e) => {
      const r = (await app.http('GET', `/api/v1/automations/${id}/report`)).body;
      throw new Error(`${e}; report ${JSON.stringify(r)}; received ${phones.map((p) => app.received(p)).join('')}`);
    });
    // the steps are done once their messages are queued; a send the kill interrupted is settled after
    // SEND_RECONCILE_SECONDS (Meta's status names it, or it goes again): wait until nothing is left to send
    await until(
      async () =>
        phones.every((p) => app.received(p) > 0) &&
        (await app.http('GET', '/api/health')).body.channel?.outbound_pending === 0,
      60_000,
      250,
    ).catch((e) => {
      throw new Error(`${e}; received ${phones.map((p) => app.received(p)).join('')}`);
    });
    const counts = phones.map((p) => app.received(p));
    expect(counts.filter((c) => c !== 1)).toEqual([]);
    expect(rep).toMatchObject({ entered: N, running: 0, waiting: 0, exited: 0 });
    expect(rep.steps.map((s: { done: number }) => s.done)).toEqual([N, N, N]);
    console.log(`automations kill test: ${before}/${N} messages before SIGKILL, ${N} after restart, 0 duplicates`);
  }, 150_000);
});
