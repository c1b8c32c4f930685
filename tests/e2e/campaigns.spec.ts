/**
 * Campaigns from a tablet (1024×768): an admin builds a campaign to a list in the wizard (live counts with the
 * blocked contact left out, the template with a placeholder and its fallback, the WhatsApp-style preview, a test
 * send), sends it now, watches it go out (the customers' sandbox phones, the live results page), a customer taps
 * a quick-reply button, and the CSV is downloaded and read. Then the same screens on a phone (360×740), and the
 * nav entry only for the roles that may run campaigns. Screenshots of every screen go to test-results/.
 */
import { readFile } from 'node:fs/promises';
import { expect, type APIRequestContext, type Page, test } from '@playwright/test';
import { accessible, apiToken, createUser, customerPhone, signIn } from './helpers.ts';

const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 360, height: 740 };

async function setupAudience(request: APIRequestContext, tag: string) {
  const auth = { authorization: `Bearer ${await apiToken(request)}` };
  const people = [
    { name: `Giulia Bianchi ${tag}`, phone: customerPhone(), blocked: false },
    { name: `Marco Verdi ${tag}`, phone: customerPhone(), blocked: false },
    { name: `Bloccato Neri ${tag}`, phone: customerPhone(), blocked: true },
  ];
  const ids: string[] = [];
  for (const p of people) {
    const r = await request.post('/api/v1/contacts', {
      headers: auth,
      data: { name: p.name, phone: `+${p.phone}`, language: 'it' },
    });
    expect(r.status(), await r.text()).toBe(201);
    const id = ((await r.json()) as { id: string }).id;
    ids.push(id);
    if (p.blocked) {
      const b = await request.post(`/api/v1/contacts/${id}/block`, { headers: auth });
      expect(b.ok(), await b.text()).toBe(true);
    }
  }
  const listName = `Clienti ${tag}`;
  const l = await request.post('/api/v1/lists', { headers: auth, data: { name: listName, description: '' } });
  expect(l.status(), await l.text()).toBe(201);
  const listId = ((await l.json()) as { id: string }).id;
  const m = await request.post(`/api/v1/lists/${listId}/members`, { headers: auth, data: { ids } });
  expect(m.ok(), await m.text()).toBe(true);
  return { people, listName, auth };
}

async function sandboxTemplates(request: APIRequestContext, phone: string) {
  const r = await request.get(`/sandbox/customer/${phone}/messages`);
  const items = (
    (await r.json()) as {
      data: Array<{ kind: string; direction: string; type?: string; rendered?: { body: string } }>;
    }
  ).data;
  return items.filter((i) => i.kind === 'message' && i.direction === 'outbound' && i.type === 'template');
}

/** No screen may scroll sideways. */
async function noSideScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('an admin sends a campaign to a list from a tablet, watches it go out and downloads the results', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36).slice(-5);
  const { people, listName } = await setupAudience(request, tag);
  const [giulia, marco, blocked] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  const campaignName = `Saldi ${tag}`;

  await page.setViewportSize(TABLET);
  await signIn(page);
  await page.getByTestId('nav-campaigns').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campaigns');
  await page.getByTestId('cmp-new').click();

  // 1 · audience: the list, with the server's live counts (the blocked contact left out and counted)
  const wizard = page.getByTestId('cmp-wizard');
  await expect(wizard).toHaveAttribute('data-step', 'audience');
  await page.getByTestId('cmp-next').click();
  await expect(page.getByTestId('cmp-issues')).toContainText('Give the campaign a name');
  await page.getByTestId('cmp-name').fill(campaignName);
  await page.locator(`[data-testid="cmp-list-option"][data-name="${listName}"]`).getByRole('checkbox').check();
  await expect(page.getByTestId('cmp-count-matched')).toHaveText('3');
  await expect(page.getByTestId('cmp-count-receive')).toHaveText('2');
  await expect(page.locator('[data-testid="cmp-excluded"] [data-reason="blocked"]')).toContainText('1');
  await page.screenshot({ path: 'test-results/campaigns-audience-1024.png' });
  await page.getByTestId('cmp-next').click();

  // 2 · content: the template, {{1}} from the first name with a fallback, the preview of a sample recipient
  await expect(wizard).toHaveAttribute('data-step', 'content');
  await page.getByTestId('cmp-template-chooser').getByTestId('template-search').fill('benvenuto');
  await page.locator('[data-testid="template-option"][data-name="benvenuto"]').click();
  const param = page.locator('[data-testid="cmp-param"][data-key="1"]');
  await expect(param.getByTestId('cmp-param-source')).toHaveValue('first_name');
  await param.getByTestId('cmp-param-fallback').fill('Cliente');
  await expect(page.getByTestId('cmp-preview-bubble')).toContainText(/Ciao (Giulia|Marco), grazie per averci scritto/);
  await expect(page.getByTestId('cmp-preview-phone')).toContainText('Sì, mi interessa');
  await page.screenshot({ path: 'test-results/campaigns-content-1024.png' });

  // send a test to one's own phone first: it arrives on that sandbox phone
  const own = customerPhone();
  await page.getByTestId('cmp-test-phone').fill(`+${own}`);
  await page.getByTestId('cmp-test-send').click();
  await expect(page.getByTestId('toast')).toContainText(`Test sent to +${own}`);
  await expect(async () => expect((await sandboxTemplates(request, own)).length).toBe(1)).toPass({ timeout: 20_000 });

  // 3 · schedule: now
  await page.getByTestId('cmp-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'schedule');
  await expect(page.getByTestId('cmp-when-now')).toBeChecked();
  await page.screenshot({ path: 'test-results/campaigns-schedule-1024.png' });
  await page.getByTestId('cmp-when-recurring').check();
  await expect(page.getByTestId('cmp-timezone')).toContainText('Europe/Rome');
  await expect(page.getByTestId('cmp-next-runs').locator('li')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/campaigns-schedule-recurring-1024.png' });
  await page.getByTestId('cmp-when-now').check();
  await page.getByTestId('cmp-next').click();

  // 4 · review: counts, estimates, then send after confirming
  await expect(wizard).toHaveAttribute('data-step', 'review');
  await expect(page.getByTestId('cmp-review-content')).toHaveText('benvenuto');
  await expect(page.getByTestId('cmp-review-duration')).not.toHaveText('—');
  await page.screenshot({ path: 'test-results/campaigns-review-1024.png' });
  await page.getByTestId('cmp-launch').click();
  await expect(page.getByTestId('cmp-confirm')).toContainText('Send this campaign to 2 contacts now?');
  await page.getByTestId('cmp-confirm-ok').click();

  // the results page, live (realtime on the campaign record, no reload)
  const results = page.getByTestId('cmp-results');
  await expect(results).toBeVisible();
  await expect(page.getByTestId('cmp-title')).toHaveText(campaignName);
  await expect(page.getByTestId('cmp-live')).toBeVisible();
  const campaignUrl = page.url();

  // it goes out: each customer's sandbox phone shows the template with their own name; the blocked one gets nothing
  const customer = await browser.newContext({ viewport: PHONE });
  const phonePage = await customer.newPage();
  await phonePage.goto(`/sandbox/?phone=${giulia.phone}`);
  await expect(
    phonePage.getByTestId('bubble').filter({ hasText: 'Ciao Giulia, grazie per averci scritto' }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(async () => {
    const got = await sandboxTemplates(request, marco.phone);
    expect(got.map((m) => m.rendered?.body)).toEqual([expect.stringContaining('Ciao Marco')]);
  }).toPass({ timeout: 30_000 });

  await expect(results).toHaveAttribute('data-state', 'completed', { timeout: 30_000 });
  await expect(page.getByTestId('cmp-stat-recipients')).toContainText('2');
  await expect(page.getByTestId('cmp-stat-excluded')).toContainText('1');
  await expect(page.getByTestId('cmp-stat-sent')).toContainText('2');
  await expect(page.getByTestId('cmp-funnel-delivered')).toHaveText('2', { timeout: 20_000 });
  expect(page.url()).toBe(campaignUrl);

  // Giulia taps a quick-reply button: the tap and the reply show up live
  await phonePage.getByTestId('template-button').filter({ hasText: 'Sì, mi interessa' }).click();
  await expect(page.locator('[data-testid="cmp-tap"][data-button="Sì, mi interessa"]')).toContainText('1', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('cmp-stat-replied')).toContainText('1');
  expect(await sandboxTemplates(request, blocked.phone)).toEqual([]);

  // the recipients table: filter by state, search
  const table = page.getByTestId('cmp-recipient-table');
  await expect(page.getByTestId('cmp-recipient')).toHaveCount(3);
  await page.getByTestId('cmp-filter-state').selectOption('excluded');
  await expect(page.getByTestId('cmp-recipient')).toHaveCount(1);
  await expect(table).toContainText(blocked.name);
  await expect(table).toContainText('Blocked');
  await page.getByTestId('cmp-filter-state').selectOption('');
  await page.getByTestId('cmp-search').fill('Marco');
  await expect(page.getByTestId('cmp-recipient')).toHaveCount(1);
  await expect(table).toContainText(marco.name);
  await page.getByTestId('cmp-search').fill('');
  await expect(page.getByTestId('cmp-recipient')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/campaigns-results-1024.png', fullPage: true });

  // the CSV: one header and a row per recipient with its state
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cmp-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toContain('contact_id,name,phone,language,state,excluded_reason');
  expect(lines).toHaveLength(4);
  const line = (p: { phone: string }) => lines.find((l) => l.includes(p.phone)) ?? '';
  expect(line(giulia)).toMatch(/,(delivered|read),/);
  expect(line(giulia)).toContain('Sì, mi interessa');
  expect(line(marco)).toMatch(/,(delivered|read),/);
  expect(line(blocked)).toContain(',excluded,blocked,');

  // the list shows it completed with a full progress bar
  await page.getByTestId('cmp-back').click();
  const card = page.locator(`[data-testid="cmp-card"][data-name="${campaignName}"]`);
  await expect(card).toHaveAttribute('data-state', 'completed');
  await expect(card.getByTestId('cmp-progress')).toHaveAttribute('aria-valuenow', '100');
  await page.screenshot({ path: 'test-results/campaigns-list-1024.png' });

  // the same screens on a phone: usable, nothing scrolls sideways
  await page.setViewportSize(PHONE);
  await expect(page.getByTestId('nav-campaigns')).toBeVisible();
  await noSideScroll(page);
  await page.screenshot({ path: 'test-results/campaigns-list-360.png' });
  await card.getByRole('link').click();
  await expect(results).toBeVisible();
  await expect(page.getByTestId('cmp-recipient')).toHaveCount(3);
  await noSideScroll(page);
  await page.screenshot({ path: 'test-results/campaigns-results-360.png' });
  await page.getByTestId('cmp-act-duplicate').click();
  await page.getByTestId('cmp-confirm-ok').click();
  await expect(page.getByTestId('cmp-wizard')).toBeVisible();
  await expect(page.getByTestId('cmp-name')).toHaveValue(`${campaignName} (copy)`);
  await expect(page.getByTestId('cmp-count-receive')).toHaveText('2');
  await noSideScroll(page);
  await page.screenshot({ path: 'test-results/campaigns-audience-360.png' });
  await page.getByTestId('cmp-next').click();
  await expect(page.getByTestId('cmp-template-chosen')).toHaveAttribute('data-name', 'benvenuto');
  await expect(page.getByTestId('cmp-preview-bubble')).toContainText(/Ciao (Giulia|Marco)/);
  await noSideScroll(page);
  await page.screenshot({ path: 'test-results/campaigns-content-360.png' });
  await page.getByTestId('cmp-next').click();
  await page.getByTestId('cmp-when-at').check();
  await noSideScroll(page);
  await page.screenshot({ path: 'test-results/campaigns-schedule-360.png' });
  await customer.close();
});

test('only admins and managers see campaigns', async ({ browser, request }) => {
  const manager = await createUser(request, 'manager');
  const operator = await createUser(request, 'operator');
  const asManager = await browser.newContext({ viewport: TABLET });
  const page = await asManager.newPage();
  await signIn(page, manager.email, manager.password);
  await page.getByTestId('nav-campaigns').click();
  await expect(page.getByTestId('cmp-new')).toBeVisible();
  await asManager.close();

  const asOperator = await browser.newContext({ viewport: TABLET });
  const op = await asOperator.newPage();
  await signIn(op, operator.email, operator.password);
  await expect(op.getByTestId('nav-templates')).toBeVisible();
  await expect(op.getByTestId('nav-campaigns')).toHaveCount(0);
  await op.goto('/#/campaigns');
  await expect(op.getByRole('main')).toContainText('You are not allowed to do this.');
  await expect(op.getByTestId('cmp-new')).toHaveCount(0);
  await asOperator.close();
});

/** Serious and critical axe violations, one main and one h1: the campaigns screens at both sizes. */
test('the campaigns screens pass axe with one main and one h1, on a tablet and a phone', async ({ page, request }) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36).slice(-5);
  const { listName, auth } = await setupAudience(request, tag);
  const lists = (await (await request.get('/api/v1/lists', { headers: auth })).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const list = lists.items.find((l) => l.name === listName)!;
  const created = await request.post('/api/v1/campaigns', {
    headers: auth,
    data: { name: `Axe ${tag}`, template: { name: 'benvenuto' }, audience: { lists: [list.id] } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;

  const check = (screen: string) => accessible(page, screen);

  await signIn(page);
  for (const size of [TABLET, PHONE]) {
    await page.setViewportSize(size);
    await page.goto('/#/campaigns');
    await expect(page.locator(`[data-testid="cmp-card"][data-name="Axe ${tag}"]`)).toBeVisible();
    await check(`list ${size.width}`);
    await page.goto(`/#/campaigns/${id}/edit`);
    await expect(page.getByTestId('cmp-count-receive')).toHaveText('2');
    await check(`audience ${size.width}`);
    await page.getByTestId('cmp-next').click();
    await expect(page.getByTestId('cmp-preview-bubble')).toContainText('Ciao');
    await check(`content ${size.width}`);
    await page.goto(`/#/campaigns/${id}`);
    await expect(page.getByTestId('cmp-results')).toBeVisible();
    await expect(page.getByTestId('cmp-recipient-table').or(page.getByText('No recipients match.'))).toBeVisible();
    await check(`results ${size.width}`);
  }
});
