/**
 * The manager's dashboard on a phone (360×740) and a tablet (1024×768): a manager opens it and sees the
 * number's standing; the sandbox (as Meta) drops the quality to medium and Spunta's read of the number
 * picks it up — the card turns "Medium" and the alert banner appears live (realtime, no reload), and a
 * real Web Push reaches the manager's device (a local push service decrypts it); the monthly report's
 * CSV downloads and holds the same figures as the screen and the API; the alert can be dismissed for
 * good. Screenshots of every tab at both sizes go to test-results/dashboard/.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { E2E_PUSH_PORT } from '../../playwright.config.ts';
import { PushService } from '../setup/push-service.ts';
import { apiToken, createUser, customerPhone, customerSays, signIn } from './helpers.ts';

const SHOTS = 'test-results/dashboard';
let ps: PushService;

test.beforeAll(async () => {
  ps = await new PushService().start(E2E_PUSH_PORT);
});
test.afterAll(async () => {
  await ps?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

interface NumberRow {
  id: string;
  quality_rating: string;
}

async function defaultNumber(request: APIRequestContext, token: string): Promise<NumberRow> {
  const r = await request.get('/api/v1/numbers', { headers: auth(token) });
  expect(r.ok(), await r.text()).toBe(true);
  const { items } = (await r.json()) as { items: NumberRow[] };
  expect(items.length).toBeGreaterThan(0);
  return items[0]!;
}

/** Meta changes the number's standing; Spunta reads it (what its 6-hourly read or a quality webhook triggers). */
async function metaSetsQuality(request: APIRequestContext, admin: string, id: string, quality: 'GREEN' | 'YELLOW') {
  const c = await request.post('/sandbox/control/numbers/standing', { data: { quality } });
  expect(c.ok(), await c.text()).toBe(true);
  const r = await request.post(`/api/v1/numbers/${id}/refresh`, { headers: auth(admin) });
  expect(r.ok(), await r.text()).toBe(true);
  expect(((await r.json()) as NumberRow).quality_rating).toBe(quality);
}

async function axe(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function managerSeesDashboard(page: Page, request: APIRequestContext, size: string) {
  const admin = await apiToken(request);
  const number = await defaultNumber(request, admin);
  // a clean start: the number is healthy (an earlier run of this spec left it medium)
  await metaSetsQuality(request, admin, number.id, 'GREEN');

  const mgr = await createUser(request, 'manager');
  const mgrToken = await apiToken(request, mgr.email, mgr.password);
  const device = ps.device();
  const sub = await request.post('/api/v1/push/subscriptions', {
    headers: auth(mgrToken),
    data: { ...device.subscription, device: `dashboard ${size}` },
  });
  expect(sub.status(), await sub.text()).toBe(201);

  // something to count this month: a customer writes
  const month = new Date().toISOString().slice(0, 7);
  const reportNow = async () =>
    (await (await request.get(`/api/v1/reports/monthly?month=${month}`, { headers: auth(admin) })).json()) as Record<
      string,
      unknown
    > & { messages_received: number };
  const before = (await reportNow()).messages_received;
  await customerSays(request, customerPhone(), `Cliente Report ${size}`, 'Vorrei un preventivo');
  await expect.poll(async () => (await reportNow()).messages_received).toBeGreaterThan(before);

  // the manager signs in and opens the dashboard from the navigation
  await page.goto('/');
  await page.getByTestId('signin-email').fill(mgr.email);
  await page.getByTestId('signin-password').fill(mgr.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav-dashboard').click();
  await expect(page).toHaveURL(/#\/dashboard$/);
  await expect(page.locator('main')).toHaveCount(1);
  await expect(page.locator('h1')).toHaveCount(1);
  const theCard = page.locator(`[data-testid="number-card"][data-number="${number.id}"]`);
  await expect(theCard.getByTestId('quality')).toHaveText('High');
  await expect(theCard.getByTestId('phone-status')).toHaveText('Connected');
  await expect(theCard.getByTestId('limit-used')).toBeVisible();
  // the banner has settled (an earlier drop may still be listed for this new manager): count what is there
  const drops = page.getByTestId('alert').filter({ hasText: /Quality dropped to medium/ });
  await expect(page.getByTestId('alerts')).toBeAttached();
  const earlier = (
    (await (await request.get('/api/v1/alerts', { headers: auth(mgrToken) })).json()) as {
      items: Array<{ kind: string }>;
    }
  ).items.filter((a) => a.kind === 'quality_drop').length;
  await expect(drops).toHaveCount(earlier);

  // Meta drops the quality to medium: the card and the banner follow live, and a push goes out
  await metaSetsQuality(request, admin, number.id, 'YELLOW');
  await expect(theCard.getByTestId('quality')).toHaveText('Medium');
  await expect(drops).toHaveCount(earlier + 1);
  // the newest alert comes first
  const banner = drops.first();
  await ps.waitFor(() => ps.for(device.id).some((p) => p.payload.url === '/#/dashboard'), 30_000);
  const push = ps.for(device.id).find((p) => p.payload.url === '/#/dashboard')!;
  expect(push.vapid.valid).toBe(true);
  expect(String(push.payload.tag)).toMatch(/^alert-/);
  await page.screenshot({ path: `${SHOTS}/status-${size}.png`, fullPage: true });
  await axe(page);

  // the monthly report: on screen, and as a CSV holding the same figures as the API
  await page.getByTestId('dash-tab-report').click();
  const received = page.getByTestId('report-messages_received').getByTestId('value');
  await expect(received).not.toHaveText('');
  const download = page.waitForEvent('download');
  await page.getByTestId('report-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`spunta-report-${month}.csv`);
  const csv = readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
  const [head, row] = csv
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  expect(head).toEqual([
    'month',
    'people_contacted',
    'conversations',
    'messages_exchanged',
    'templates_sent',
    'templates_marketing',
    'templates_utility',
    'templates_authentication',
    'free_messages_sent',
    'messages_received',
    'sent',
    'delivered',
    'read',
  ]);
  const api = await reportNow();
  const col = (name: string) => Number(row![head!.indexOf(name)]);
  expect(row![0]).toBe(month);
  expect(col('messages_received')).toBe(api.messages_received);
  expect(col('messages_received')).toBeGreaterThan(before);
  expect(col('people_contacted')).toBe(api.people_contacted);
  expect(col('conversations')).toBe(api.conversations);
  await expect(received).toHaveText(new Intl.NumberFormat('en-GB').format(api.messages_received));
  await page.screenshot({ path: `${SHOTS}/report-${size}.png`, fullPage: true });
  await axe(page);

  await page.getByTestId('dash-tab-messages').click();
  await expect(page.getByTestId('chart-summary')).toContainText('received');
  await expect(page.getByTestId('messages-plot').locator('canvas')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/messages-${size}.png`, fullPage: true });
  await axe(page);

  await page.getByTestId('dash-tab-team').click();
  await expect(page.getByTestId('team-table')).toBeVisible();
  await page.getByTestId('business-hours').check();
  await page.screenshot({ path: `${SHOTS}/team-${size}.png`, fullPage: true });
  await axe(page);

  // dismissed for this manager, on every device: gone after a reload too
  await page.getByTestId('dash-tab-status').click();
  await expect(drops).toHaveCount(earlier + 1);
  await banner.getByTestId('alert-dismiss').click();
  await expect(drops).toHaveCount(earlier);
  await page.reload();
  await expect(theCard.getByTestId('quality')).toHaveText('Medium');
  await expect(drops).toHaveCount(earlier);
}

test.describe('on a phone (360×740)', () => {
  test('a manager watches the number: quality drops to medium, banner and push appear; the report CSV downloads', async ({
    page,
    request,
  }) => {
    await managerSeesDashboard(page, request, '360');
  });
});

test.describe('on a tablet (1024×768)', () => {
  test.use({ viewport: { width: 1024, height: 768 } });
  test('the same on a tablet, cards side by side', async ({ page, request }) => {
    await managerSeesDashboard(page, request, '1024');
  });
});

test('an operator reaches only their own performance', async ({ page, request }) => {
  const op = await createUser(request, 'operator');
  await page.goto('/');
  await page.getByTestId('signin-email').fill(op.email);
  await page.getByTestId('signin-password').fill(op.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav-dashboard').click();
  await expect(page.locator('h1')).toHaveText('My performance');
  await expect(page.getByTestId('dash-tab-status')).toHaveCount(0);
  await expect(page.getByTestId('number-card')).toHaveCount(0);
  await expect(page.getByTestId('team-table')).toBeVisible();
  await expect(page.getByTestId('team-row')).toHaveCount(0);
  // whatever rows there are, they are the operator's own
  for (const user of await page.getByTestId('operator-row').evaluateAll((rows) => rows.map((r) => r.dataset.user)))
    expect(user).toBe(op.id);
});

test('the campaigns card shows the latest campaign with its delivery rate and opens its results', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const headers = auth(await apiToken(request));
  const tag = Date.now().toString(36);
  const contact = await request.post('/api/v1/contacts', {
    headers,
    data: { name: `Carla Card ${tag}`, phone: `+${customerPhone()}`, language: 'it' },
  });
  expect(contact.status(), await contact.text()).toBe(201);
  const list = await request.post('/api/v1/lists', { headers, data: { name: `Card ${tag}`, description: '' } });
  const listId = ((await list.json()) as { id: string }).id;
  await request.post(`/api/v1/lists/${listId}/members`, {
    headers,
    data: { ids: [((await contact.json()) as { id: string }).id] },
  });
  const name = `Saldi card ${tag}`;
  const created = await request.post('/api/v1/campaigns', {
    headers,
    data: {
      name,
      template: { name: 'appointment_reminder', language: 'it', params: { '1': 'Carla', '2': 'lunedì', '3': '10:00' } },
      audience: { lists: [listId] },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  expect((await request.post(`/api/v1/campaigns/${id}/start`, { headers })).ok()).toBe(true);
  // the customer's phone has it (delivered or read) before the manager looks
  await expect
    .poll(
      async () => {
        const c = (await (await request.get(`/api/v1/campaigns/${id}`, { headers })).json()) as {
          stats: { delivered: number; read: number };
        };
        return c.stats.delivered + c.stats.read;
      },
      { timeout: 60_000 },
    )
    .toBe(1);

  await signIn(page);
  await page.goto('/#/dashboard');
  const card = page.getByTestId('dash-campaigns');
  const item = card.getByRole('listitem').filter({ hasText: name });
  await expect(item.getByTestId('dash-campaign-delivered')).toHaveText('100 %');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/campaigns-card-1024.png` });
  await item.getByTestId('dash-campaign').click();
  await expect(page).toHaveURL(new RegExp(`#/campaigns/${id}$`));
});
