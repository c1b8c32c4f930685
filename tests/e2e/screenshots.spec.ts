/**
 * Screenshots of the main screens for docs/screenshots (phone 360×740 unless said otherwise), taken on
 * realistic data, with a check on each that nothing scrolls sideways.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, conversationOf, createUser, customerPhone, customerSays, openChat, row, signIn } from './helpers.ts';

const DIR = join(import.meta.dirname, '../../docs/screenshots');
mkdirSync(DIR, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: join(DIR, `${name}.png`) });

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => {
    const out: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > window.innerWidth) out.push(`page ${root.scrollWidth} > ${window.innerWidth}`);
    for (const el of document.querySelectorAll<HTMLElement>(
      '.list-scroll, .messages, .settings-main, .panel-body, .sheet-body, .composer',
    )) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return out;
  });
  expect(overflow).toEqual([]);
}

async function business(request: APIRequestContext, token: string, to: string, body: Record<string, unknown>) {
  const r = await request.post('/api/v1/messages', {
    headers: { authorization: `Bearer ${token}` },
    data: { to: `+${to}`, ...body },
  });
  expect(r.status(), await r.text()).toBe(202);
}

test.describe.configure({ mode: 'serial' });

let giulia = '';
let emily = '';

test('seed a realistic inbox', async ({ request }) => {
  const admin = await apiToken(request);
  const op = await createUser(request, 'operator', { name: 'Luca Ferri', see_unassigned: true });
  await createUser(request, 'manager', { name: 'Sara Conti' });
  await createUser(request, 'viewer', { name: 'Paolo Neri' });
  const people = [
    { name: 'Emily Johnson', text: 'Do you ship to California?', ago: 27 * 3600 },
    { name: 'Francesca Romano', text: 'Grazie mille per l’assistenza!', ago: 5 * 3600 },
    { name: 'Oliver Smith', text: 'Hi, my order #10452 hasn’t arrived yet. Can you check?', ago: 3 * 3600 },
    { name: 'Marco Bianchi', text: 'Ciao, vorrei prenotare un appuntamento per sabato mattina.', ago: 40 * 60 },
    { name: 'James Wilson', text: 'Is the store open on Sunday?', ago: 20 * 60 },
  ];
  const phones: Record<string, string> = {};
  for (const p of people) {
    phones[p.name] = customerPhone();
    await customerSays(request, phones[p.name]!, p.name, p.text, { agoSeconds: p.ago });
  }
  emily = phones['Emily Johnson']!;
  const oliver = await conversationOf(request, phones['Oliver Smith']!);
  await request.post(`/api/v1/conversations/${oliver}/assign`, {
    headers: { authorization: `Bearer ${admin}` },
    data: { assignee: op.id },
  });
  // her message must be stored (its chat's window open) before the business answers
  await conversationOf(request, phones['Francesca Romano']!);
  await business(request, admin, phones['Francesca Romano']!, {
    type: 'text',
    text: { body: 'Grazie a lei Francesca, a presto! 😊' },
  });

  giulia = customerPhone();
  await customerSays(request, giulia, 'Giulia Rossi', 'Buongiorno! Avete ancora il divano *Oslo* in grigio?');
  await conversationOf(request, giulia);
  await business(request, admin, giulia, { type: 'text', text: { body: 'Buongiorno Giulia! Sì, è disponibile 🙂' } });
  await business(request, admin, giulia, {
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'Preferisce la consegna a domicilio o il ritiro in negozio?' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'consegna', title: 'Consegna' } },
          { type: 'reply', reply: { id: 'ritiro', title: 'Ritiro in negozio' } },
        ],
      },
    },
  });
  const conv = await conversationOf(request, giulia);
  await new Promise((r) => setTimeout(r, 1200));
  await request.post('/sandbox/customer/messages', {
    data: { from: giulia, type: 'button_reply', id: 'consegna', title: 'Consegna' },
  });
  await request.post('/sandbox/customer/messages', {
    data: {
      from: giulia,
      type: 'location',
      location: { latitude: 44.4949, longitude: 11.3426, name: 'Casa', address: 'Via dell’Indipendenza 1, Bologna' },
    },
  });
  await request.post(`/api/v1/conversations/${conv}/notes`, {
    headers: { authorization: `Bearer ${admin}` },
    data: { text: '@Luca Ferri cliente abituale: consegna gratuita ✅', mentions: [op.id] },
  });
  await request.post(`/sandbox/customer/messages`, {
    data: { from: giulia, type: 'text', text: 'Quanto costa la spedizione a Bologna?' },
  });
});

test('sign-in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('signin-form')).toBeVisible();
  await noSidewaysScroll(page);
  await shot(page, 'signin');
});

test('conversation list', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('tab-all').click();
  await expect(row(page, 'Giulia Rossi')).toBeVisible();
  await expect(row(page, 'Emily Johnson').getByTestId('window-chip')).toHaveText('Window closed');
  await page.mouse.move(0, 0);
  await noSidewaysScroll(page);
  await shot(page, 'conversation-list');
});

test('chat with ticks, buttons, a button reply, a location and a note', async ({ page }) => {
  await signIn(page);
  await openChat(page, 'Giulia Rossi');
  const out = page.locator('[data-testid="message"][data-direction="out"][data-type="text"]');
  await expect(out.getByTestId('ticks')).toHaveAttribute('data-status', 'read');
  await expect(page.getByTestId('map-link')).toBeVisible();
  await expect(page.locator('[data-testid="message"][data-type="note"]')).toBeVisible();
  await page.getByTestId('composer-input').fill('La spedizione a Bologna è *gratuita* 🚚');
  await noSidewaysScroll(page);
  await shot(page, 'chat');
});

test('window closed: template picker', async ({ page, request }) => {
  await signIn(page);
  const id = await conversationOf(request, emily);
  await page.goto(`/#/c/${id}`);
  await expect(page.getByTestId('window-closed')).toBeVisible();
  await shot(page, 'window-closed');
  await page.getByTestId('choose-template').click();
  await page.locator('[data-testid="template-option"][data-name="appointment_reminder"]').click();
  // an Italian number gets the Italian translation pre-selected; this screenshot shows the English one
  await page.locator('[data-testid="template-language"][data-language="en"]').click();
  const params = page.getByTestId('template-param');
  await params.nth(1).fill('Monday 12 May');
  await params.nth(2).fill('10:30');
  await noSidewaysScroll(page);
  await shot(page, 'template-picker');
});

test('contact panel', async ({ page, request }) => {
  await signIn(page);
  const id = await conversationOf(request, giulia);
  await page.goto(`/#/c/${id}/info`);
  await expect(page.getByTestId('contact-panel')).toBeVisible();
  await expect(page.getByTestId('contact-name')).toBeVisible();
  await page.getByTestId('contact-notes').fill('Preferisce essere contattata al mattino.');
  await noSidewaysScroll(page);
  await shot(page, 'contact-panel');
});

test('tablet: inbox with chat and contact column, and team settings', async ({ page, request }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page);
  const id = await conversationOf(request, giulia);
  await page.goto(`/#/c/${id}/info`);
  await expect(page.getByTestId('contact-panel')).toBeVisible();
  await expect(page.getByTestId('conversation-list')).toBeVisible();
  await noSidewaysScroll(page);
  await shot(page, 'tablet-inbox');
  await page.goto('/#/settings/team');
  await expect(page.getByTestId('user-row').first()).toBeVisible();
  await noSidewaysScroll(page);
  await shot(page, 'tablet-settings-users');
});

test('dark mode list', async ({ browser }) => {
  const ctx = await browser.newContext({
    colorScheme: 'dark',
    viewport: { width: 360, height: 740 },
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
  });
  const page = await ctx.newPage();
  await signIn(page);
  await page.getByTestId('tab-all').click();
  await expect(row(page, 'Giulia Rossi')).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(11, 20, 22)');
  await expect(page.getByTestId('tab-all')).toHaveText('Tutte');
  await noSidewaysScroll(page);
  await shot(page, 'conversation-list-dark');
  await ctx.close();
});
