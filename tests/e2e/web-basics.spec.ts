/** Web basics of the running server: a real robots.txt for a private app, compressed API JSON. */
import { expect, test } from '@playwright/test';
import { apiToken, customerPhone, customerSays } from './helpers.ts';

test('robots.txt is a real file that keeps crawlers out of a private app', async ({ request }) => {
  const r = await request.get('/robots.txt');
  expect(r.status()).toBe(200);
  expect(r.headers()['content-type']).toMatch(/^text\/plain/);
  const text = await r.text();
  expect(text).toMatch(/^User-agent: \*$/m);
  expect(text).toMatch(/^Disallow: \/$/m);
  expect(text).not.toContain('<html');
});

test('API JSON above 1 KB is compressed; small answers are not', async ({ request }) => {
  for (let i = 0; i < 12; i++)
    await customerSays(
      request,
      customerPhone(),
      `Compress ${i}`,
      'Vorrei sapere i tempi di consegna per Milano, grazie mille!',
    );
  const token = await apiToken(request);
  const list = await request.get('/api/v1/conversations?perPage=50', {
    headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, br' },
  });
  expect(list.status()).toBe(200);
  expect(list.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
  expect(list.headers()['vary']).toMatch(/accept-encoding/i);
  const body = (await list.json()) as { items: unknown[] };
  expect(body.items.length).toBeGreaterThanOrEqual(12);
  expect(Number(list.headers()['content-length'])).toBeLessThan(JSON.stringify(body).length / 3);

  const doc = await request.get('/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
  expect(doc.headers()['content-encoding']).toBe('gzip');
  const health = await request.get('/api/health', { headers: { 'accept-encoding': 'gzip, br' } });
  expect(health.headers()['content-encoding']).toBeUndefined();
  expect((await health.json()) as { status?: string; ok?: boolean }).toBeTruthy();
});
