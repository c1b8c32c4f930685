/**
 * Small things users notice: search by any phone formatting and either name order, Meta failures in
 * plain words (code behind "details"), formatted quotes, a date label that never hides a message,
 * namesakes told apart, Italian wording, and the light / dark / system choice.
 */
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { apiToken, conversationOf, customerPhone, customerSays, openChat, row, signIn } from './helpers.ts';

const spaced = (p: string) => `+${p.slice(0, 2)} ${p.slice(2, 5)} ${p.slice(5, 8)} ${p.slice(8)}`; // +39 333 123 4567

async function search(page: Page, q: string) {
  await page.getByTestId('tab-all').click();
  await page.getByTestId('inbox-search').fill(q);
}

test('search finds a chat by a formatted phone number and by surname first', async ({ page, request }) => {
  const phone = customerPhone();
  const name = `Giulia Ricercata${phone.slice(-3)}`;
  await customerSays(request, phone, name, 'Buongiorno!');
  await conversationOf(request, phone);
  await signIn(page);
  for (const q of [
    spaced(phone),
    `00${phone.slice(0, 2)} ${phone.slice(2, 5)}-${phone.slice(5)}`,
    `Ricercata${phone.slice(-3)} Giulia`,
  ]) {
    await search(page, q);
    await expect(row(page, name), q).toBeVisible();
    await expect(page.getByTestId('conversation-row')).toHaveCount(1);
  }
});

test('a message Meta refuses with 131026 says “not on WhatsApp”, with the code behind “details”', async ({
  page,
  request,
}) => {
  const phone = customerPhone();
  const name = `Fuori WhatsApp ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Scrivetemi qui');
  await signIn(page);
  await openChat(page, name);
  const fault = await request.post('/sandbox/control/faults', {
    data: {
      failAfterSend: { count: 1, code: 131026, title: 'Message undeliverable', details: 'Unable to deliver message' },
    },
  });
  expect(fault.ok()).toBe(true);
  await page.getByTestId('composer-input').fill('Ecco i dettagli');
  await page.getByTestId('composer-send').click();
  const msg = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: 'Ecco i dettagli' });
  await expect(msg).toHaveAttribute('data-status', 'failed');
  await expect(msg.getByTestId('message-failed-reason')).toContainText('This number is not on WhatsApp');
  await expect(msg.getByTestId('message-failed-reason')).not.toContainText('131026');
  const details = msg.getByTestId('message-failed-details');
  await expect(details.locator('code')).toBeHidden();
  await details.getByText('Details').click();
  await expect(details.locator('code')).toBeVisible();
  await expect(details.locator('code')).toHaveText('(#131026) Message undeliverable — Unable to deliver message');
  await expect(msg.getByTestId('message-retry')).toHaveCount(0);
});

test('a quoted message shows its formatting, not *markers*', async ({ page, request }) => {
  const phone = customerPhone();
  const name = `Citazione ${phone.slice(-4)}`;
  const first = await customerSays(request, phone, name, 'Avete il divano *Oslo* in _verde_?');
  const r = await request.post('/sandbox/customer/messages', {
    data: { from: phone, type: 'text', text: 'E quanto costa?', context: { replyTo: first.wamid } },
  });
  expect(r.ok()).toBe(true);
  await signIn(page);
  await openChat(page, name);
  const quote = page.getByTestId('quote-text').first();
  await expect(quote).toHaveText('Avete il divano Oslo in verde?');
  await expect(quote.locator('strong')).toHaveText('Oslo');
  await expect(quote.locator('em')).toHaveText('verde');
});

/** Messages whose visible part (clipped by the scrolling history) shares pixels with the label. */
async function overlaps(label: Locator, bubbles: Locator, scroller: Locator): Promise<string[]> {
  const box = await label.boundingBox();
  const view = await scroller.boundingBox();
  if (!box || !view) throw new Error('label or history not on screen');
  const hits: string[] = [];
  for (const b of await bubbles.all()) {
    const x = await b.boundingBox();
    if (!x) continue;
    const top = Math.max(x.y, view.y);
    const bottom = Math.min(x.y + x.height, view.y + view.height);
    if (bottom <= top) continue; // scrolled out of sight
    if (top < box.y + box.height && box.y < bottom && x.x < box.x + box.width && box.x < x.x + x.width)
      hits.push((await b.textContent()) ?? '');
  }
  return hits;
}

async function fillHistory(request: APIRequestContext, phone: string, name: string) {
  for (let i = 0; i < 14; i++)
    await customerSays(request, phone, name, `Messaggio di due giorni fa numero ${i + 1}`, {
      agoSeconds: 2 * 86_400 + (20 - i) * 60,
    });
  // today's messages fall after midnight where the browser is (Europe/Rome): minutes apart, or closer together
  // in the first minutes of a day (run at 23:05 UTC, 20 minutes ago was yesterday there)
  let since = secondsSinceMidnight('Europe/Rome');
  if (since < 30) {
    await new Promise((r) => setTimeout(r, (30 - since) * 1000));
    since = secondsSinceMidnight('Europe/Rome');
  }
  const span = Math.min(20 * 60, since - 10);
  for (let i = 0; i < 14; i++)
    await customerSays(request, phone, name, `Messaggio di oggi numero ${i + 1}`, {
      agoSeconds: Math.round((span * (14 - i)) / 14),
    });
}

function secondsSinceMidnight(timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date());
  const part = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return part('hour') * 3600 + part('minute') * 60 + part('second');
}

test('the date label never covers a message, wherever the history is scrolled', async ({ page, request }) => {
  const phone = customerPhone();
  const name = `Storia ${phone.slice(-4)}`;
  await fillHistory(request, phone, name);
  await signIn(page);
  // its last message is minutes old: other specs' newer chats may push its row out of the rendered list
  await search(page, name);
  await openChat(page, name);
  const scroller = page.getByTestId('messages');
  await expect(page.getByText('Messaggio di oggi numero 14')).toBeVisible();
  const label = page.getByTestId('day-bar');
  const bubbles = page.locator('.bubble');
  for (const where of [1, 0.75, 0.5, 0.25, 0]) {
    await scroller.evaluate((el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), where);
    await expect(label).not.toHaveText('\u00a0');
    expect(await overlaps(label, bubbles, scroller), `scrolled to ${where}`).toEqual([]);
    // nor do the separators inside the history (they once stuck to its top, over the messages)
    for (const sep of await page.locator('.day-sep').all())
      expect(await overlaps(sep, bubbles, scroller), `separator, scrolled to ${where}`).toEqual([]);
    if (where === 0.5) await page.screenshot({ path: 'test-results/day-bar-middle.png' });
  }
  // at the top of the history it names the older day; at the bottom, today
  await expect(label).not.toHaveText('Today');
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(label).toHaveText('Today');
});

test('two contacts with the same name are told apart by their phone', async ({ page, request }) => {
  const [a, b] = [customerPhone(), customerPhone()];
  const name = `Marco Omonimo ${a.slice(-3)}`;
  await customerSays(request, a, name, 'Sono Marco di Milano');
  await customerSays(request, b, name, 'Sono Marco di Roma');
  await conversationOf(request, b);
  await signIn(page);
  await search(page, name);
  const rows = page.getByTestId('conversation-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.getByTestId('conversation-phone')).toHaveCount(2);
  expect((await rows.getByTestId('conversation-phone').allTextContents()).sort()).toEqual([`+${a}`, `+${b}`].sort());
});

test('Italian: one word for tags, and “Liste: Nessuna”', async ({ browser, request }) => {
  const phone = customerPhone();
  const name = `Contatto Vuoto ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Ciao');
  const id = await conversationOf(request, phone);
  const ctx = await browser.newContext({ locale: 'it-IT', viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  await signIn(page);
  await page.goto(`/#/c/${id}/info`);
  await expect(page.getByTestId('contact-lists')).toContainText('Liste');
  await expect(page.getByTestId('contact-lists')).toContainText('Nessuna');
  await expect(page.getByTestId('contact-tags')).toContainText('Tag');
  await expect(page.getByTestId('contact-tags')).toContainText('Nessuno');
  await page.goto('/#/tags');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tag');
  await expect(page.locator('body')).not.toContainText(/etichett/i);
  await ctx.close();
});

test('theme: dark, light or the system’s, remembered on this device', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await signIn(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBg = await bg();
  await page.goto('/#/settings/account');
  await page.getByTestId('settings-theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).not.toBe(lightBg);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('settings-theme')).toHaveValue('dark');
  const darkBg = await bg();

  // "light" wins over a dark system setting; "system" follows it again
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('settings-theme').selectOption('light');
  expect(await bg()).toBe(lightBg);
  await page.getByTestId('settings-theme').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  expect(await bg()).toBe(darkBg);
});
