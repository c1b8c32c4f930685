/**
 * The campaigns' rate card (#/campaigns/rates) from a tablet (1024×768): an admin opens it from the campaigns list,
 * changes Italy's marketing rate, adds a country (the code checked, its name shown), is stopped by a bad value,
 * saves, reloads and sees the values; the wizard's cost estimate uses the new rate; a country is removed; Meta's
 * published rates are restored. axe at both sizes; managers see it read-only, operators not at all. Screenshots
 * at 360×740 and 1024×768 in Italian, French, Spanish and English go to /tmp/rates-shots/.
 */
import { mkdirSync } from 'node:fs';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { META_RATES } from '../../api/src/modules/campaigns/rates.data.ts';
import { accessible, apiToken, createUser, customerPhone, signIn } from './helpers.ts';

const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 360, height: 740 };
const SHOTS = '/tmp/rates-shots';
mkdirSync(SHOTS, { recursive: true });

async function auth(request: APIRequestContext) {
  return { authorization: `Bearer ${await apiToken(request)}` };
}

/** The shipped table back on the server (other specs share it). */
async function resetRates(request: APIRequestContext) {
  const r = await request.put('/api/v1/campaigns/rates', { headers: await auth(request), data: META_RATES });
  expect(r.ok(), await r.text()).toBe(true);
}

/** Two Italian contacts in a list and a draft campaign of the marketing template `benvenuto` to it. */
async function draftCampaign(request: APIRequestContext, tag: string) {
  const headers = await auth(request);
  const ids: string[] = [];
  for (const name of [`Anna Rossi ${tag}`, `Luca Neri ${tag}`]) {
    const r = await request.post('/api/v1/contacts', {
      headers,
      data: { name, phone: `+${customerPhone()}`, language: 'it' },
    });
    expect(r.status(), await r.text()).toBe(201);
    ids.push(((await r.json()) as { id: string }).id);
  }
  const l = await request.post('/api/v1/lists', { headers, data: { name: `Tariffe ${tag}`, description: '' } });
  expect(l.status(), await l.text()).toBe(201);
  const listId = ((await l.json()) as { id: string }).id;
  const m = await request.post(`/api/v1/lists/${listId}/members`, { headers, data: { ids } });
  expect(m.ok(), await m.text()).toBe(true);
  const c = await request.post('/api/v1/campaigns', {
    headers,
    data: { name: `Costo ${tag}`, template: { name: 'benvenuto' }, audience: { lists: [listId] } },
  });
  expect(c.status(), await c.text()).toBe(201);
  return ((await c.json()) as { id: string }).id;
}

async function noSideScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

const cell = (page: Page, country: string, category: string) =>
  page.locator(`[data-testid="rates-row"][data-country="${country}"] [data-category="${category}"]`);

test.beforeAll(async ({ request }) => resetRates(request));
test.afterAll(async ({ request }) => resetRates(request));

test('an admin changes the rate card from a tablet, and the wizard’s cost estimate follows it', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  const tag = Date.now().toString(36).slice(-5);
  const campaignId = await draftCampaign(request, tag);

  await page.setViewportSize(TABLET);
  await signIn(page);
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('cmp-rates-link').click();
  await expect(page).toHaveURL(/#\/campaigns\/rates$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rate card');

  // Meta's card as shipped: its source, date and currency, Italy's rates
  await expect(page.getByTestId('rates-status')).toHaveText('Meta’s published rates');
  await expect(page.getByTestId('rates-source')).toHaveValue(META_RATES.source);
  await expect(page.getByTestId('rates-date')).toHaveValue('2025-07-01');
  await expect(page.getByTestId('rates-currency')).toContainText('USD');
  const itMarketing = cell(page, 'IT', 'marketing');
  await expect(itMarketing).toHaveValue('0.0691');
  await expect(page.getByLabel('Marketing, Italy')).toHaveValue('0.0691');
  await expect(page.locator('[data-testid="rates-row"][data-country="*"]')).toContainText('Other countries');
  await expect(page.locator('[data-testid="rates-row"][data-country="*"] [data-testid="rates-remove"]')).toHaveCount(0);
  await accessible(page, 'rates 1024');
  await page.screenshot({ path: `${SHOTS}/e2e-en-1024-top.png` });

  // Italy's marketing rate; then a country: a code that is not ISO 3166 is refused, Portugal is named and added
  await itMarketing.fill('0.5');
  await expect(page.getByTestId('rates-unsaved')).toBeVisible();
  const code = page.getByTestId('rates-add-code');
  await code.fill('zz');
  await expect(page.getByTestId('rates-add-message')).toHaveText('ZZ is not an ISO 3166 country code.');
  await code.fill('it');
  await expect(page.getByTestId('rates-add-message')).toHaveText('Italy is already in the table.');
  await code.fill('pt');
  await expect(page.getByTestId('rates-add-message')).toHaveText('Portugal');
  await code.press('Enter');
  const pt = page.locator('[data-testid="rates-row"][data-country="PT"]');
  await expect(pt).toContainText('Portugal');
  await expect(cell(page, 'PT', 'marketing')).toBeFocused();
  await expect(code).toHaveValue('');
  await page.keyboard.type('0,0514');
  await cell(page, 'PT', 'utility').fill('0.12345');
  await expect(pt).toContainText('At most 4 decimals.');
  await expect(cell(page, 'PT', 'utility')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('rates-save').click();
  await expect(page.getByTestId('rates-issues')).toContainText('Portugal, Utility: At most 4 decimals.');
  await expect(cell(page, 'PT', 'utility')).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/e2e-en-1024-error.png` });
  await cell(page, 'PT', 'utility').fill('0.0123');
  await page.getByTestId('rates-date').fill('2026-01-01');
  await page.getByTestId('rates-save').click();
  await expect(page.getByTestId('toast')).toContainText('Rates saved');
  await expect(page.getByTestId('rates-unsaved')).toHaveCount(0);
  await expect(page.getByTestId('rates-status')).toHaveText('Changed by an admin');

  // after a reload: the values are the server's
  await page.reload();
  await expect(cell(page, 'IT', 'marketing')).toHaveValue('0.5');
  await expect(cell(page, 'PT', 'marketing')).toHaveValue('0.0514');
  await expect(cell(page, 'PT', 'utility')).toHaveValue('0.0123');
  await expect(cell(page, 'PT', 'authentication')).toHaveValue('');
  await expect(page.getByTestId('rates-date')).toHaveValue('2026-01-01');
  const stored = (await (await request.get('/api/v1/campaigns/rates', { headers: await auth(request) })).json()) as {
    source_date: string;
    rates: Record<string, Record<string, number>>;
  };
  expect(stored.source_date).toBe('2026-01-01');
  expect(stored.rates.IT).toEqual({ marketing: 0.5, utility: 0.03, authentication: 0.03 });
  expect(stored.rates.PT).toEqual({ marketing: 0.0514, utility: 0.0123 });

  // the wizard's estimate: 2 Italian contacts × 0.5 (benvenuto is a marketing template)
  await page.goto(`/#/campaigns/${campaignId}/edit`);
  await expect(page.getByTestId('cmp-count-receive')).toHaveText('2');
  await page.getByTestId('cmp-next').click();
  await expect(page.getByTestId('cmp-preview-bubble')).toContainText('Ciao');
  await page.getByTestId('cmp-next').click();
  await page.getByTestId('cmp-next').click();
  await expect(page.getByTestId('cmp-wizard')).toHaveAttribute('data-step', 'review');
  await expect(page.getByTestId('cmp-review-cost')).toHaveText(/^(US)?\$1\.00$/);

  // remove Portugal, save; then Meta's published rates back, saved
  await page.goto('/#/campaigns/rates');
  await pt.getByTestId('rates-remove').click();
  await expect(pt).toHaveCount(0);
  await expect(page.getByTestId('rates-note')).toHaveText('Portugal removed (not saved yet).');
  await page.getByTestId('rates-save').click();
  await expect(page.getByTestId('rates-unsaved')).toHaveCount(0);
  await page.reload();
  await expect(cell(page, 'IT', 'marketing')).toHaveValue('0.5');
  await expect(pt).toHaveCount(0);
  await page.getByTestId('rates-restore').click();
  await expect(page.getByTestId('cmp-confirm')).toContainText(/July 1, 2025|1 July 2025/);
  await page.getByTestId('cmp-confirm-ok').click();
  await expect(cell(page, 'IT', 'marketing')).toHaveValue('0.0691');
  await expect(page.getByTestId('rates-date')).toHaveValue('2025-07-01');
  await expect(page.getByTestId('rates-unsaved')).toBeVisible();
  await page.getByTestId('rates-save').click();
  await expect(page.getByTestId('toast')).toContainText('Rates saved');
  await expect(page.getByTestId('rates-status')).toHaveText('Meta’s published rates');

  // the same screen on a phone: one card per country, nothing scrolls sideways, axe in light and dark
  await page.setViewportSize(PHONE);
  await expect(page.getByTestId('rates-table')).toBeVisible();
  await noSideScroll(page);
  await accessible(page, 'rates 360');
  await page.emulateMedia({ colorScheme: 'dark' });
  await accessible(page, 'rates 360 dark');
  await page.emulateMedia({ colorScheme: 'light' });
});

test('managers see the rate card read-only; operators cannot reach it', async ({ browser, request }) => {
  const manager = await createUser(request, 'manager');
  const asManager = await browser.newContext({ viewport: TABLET });
  const page = await asManager.newPage();
  await signIn(page, manager.email, manager.password);
  await page.goto('/#/campaigns');
  await page.getByTestId('cmp-rates-link').click();
  await expect(page.getByTestId('rates-readonly')).toHaveText('Only admins can change the rates.');
  await expect(page.locator('[data-testid="rates-row"][data-country="IT"]')).toContainText(
    /Marketing\s*(US)?\$0\.0691/,
  );
  await expect(page.getByTestId('rates-table').locator('input')).toHaveCount(0);
  await expect(page.getByTestId('rates-save')).toHaveCount(0);
  await expect(page.getByTestId('rates-add')).toHaveCount(0);
  await accessible(page, 'rates read-only');
  await page.screenshot({ path: `${SHOTS}/e2e-manager-1024.png` });
  await page.setViewportSize(PHONE);
  await noSideScroll(page);
  await accessible(page, 'rates read-only 360');
  await page.screenshot({ path: `${SHOTS}/e2e-manager-360.png` });
  const token = await apiToken(request, manager.email, manager.password);
  const put = await request.put('/api/v1/campaigns/rates', {
    headers: { authorization: `Bearer ${token}` },
    data: META_RATES,
  });
  expect(put.status()).toBe(403);
  await asManager.close();

  const operator = await createUser(request, 'operator');
  const asOperator = await browser.newContext({ viewport: TABLET });
  const op = await asOperator.newPage();
  await signIn(op, operator.email, operator.password);
  await op.goto('/#/campaigns/rates');
  await expect(op.getByRole('main')).toContainText('You are not allowed to do this.');
  await expect(op.getByTestId('rates')).toHaveCount(0);
  const opToken = await apiToken(request, operator.email, operator.password);
  const get = await request.get('/api/v1/campaigns/rates', { headers: { authorization: `Bearer ${opToken}` } });
  expect(get.status()).toBe(403);
  await asOperator.close();
});

for (const [locale, lang, title] of [
  ['it-IT', 'it', 'Tariffe'],
  ['fr-FR', 'fr', 'Grille tarifaire'],
  ['es-ES', 'es', 'Tarifas'],
  ['en-GB', 'en', 'Rate card'],
] as const) {
  test(`the rate card in ${lang} at 360×740 and 1024×768 (screenshots)`, async ({ browser, request }) => {
    const admin = await createUser(request, 'admin');
    const ctx = await browser.newContext({ locale, viewport: TABLET, timezoneId: 'Europe/Rome' });
    const page = await ctx.newPage();
    await signIn(page, admin.email, admin.password);
    await page.goto('/#/campaigns');
    await page.getByTestId('cmp-rates-link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    const mark = lang === 'en' ? '.' : ',';
    await expect(cell(page, 'IT', 'marketing')).toHaveValue(`0${mark}0691`);
    // country names in the UI language; a country added, a bad value shown
    const names = new Intl.DisplayNames([lang], { type: 'region' });
    await expect(page.locator('[data-testid="rates-row"][data-country="DE"]')).toContainText(names.of('DE')!);
    await page.getByTestId('rates-add-code').fill('pt');
    await expect(page.getByTestId('rates-add-message')).toHaveText(names.of('PT')!);
    await page.getByTestId('rates-add-submit').click();
    await cell(page, 'PT', 'marketing').fill(`0${mark}05141`);
    for (const size of [TABLET, PHONE]) {
      await page.setViewportSize(size);
      await noSideScroll(page);
      await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
      await page.screenshot({ path: `${SHOTS}/${lang}-${size.width}-top.png` });
      await cell(page, 'PT', 'marketing').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/${lang}-${size.width}-table.png` });
      await page.locator('main').evaluate((m) => m.scrollTo(0, m.scrollHeight));
      await page.screenshot({ path: `${SHOTS}/${lang}-${size.width}-bottom.png` });
    }
    await page.goto('/#/campaigns');
    await expect(page.getByTestId('cmp-rates-link')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/${lang}-360-list.png` });
    await ctx.close();
  });
}
