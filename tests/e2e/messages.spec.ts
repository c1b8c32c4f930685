/** Message-level features: failures with Meta's reason and retry, media, replies, reactions, history paging. */
import { expect, test } from '@playwright/test';
import { conversationOf, customerPhone, customerSays, openChat, signIn } from './helpers.ts';

// 1×1 transparent PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

test('a failed message shows Meta’s reason and can be sent again', async ({ page, request }) => {
  const phone = customerPhone();
  const name = `Fail ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Mi mandate il preventivo?');
  await signIn(page);
  await openChat(page, name);
  const fault = await request.post('/sandbox/control/faults', {
    data: { failAfterSend: { count: 1, code: 131000, details: 'Temporary failure on the recipient side' } },
  });
  expect(fault.ok()).toBe(true);
  await page.getByTestId('composer-input').fill('Ecco il preventivo richiesto');
  await page.getByTestId('composer-send').click();
  const msg = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: 'Ecco il preventivo' });
  await expect(msg).toHaveAttribute('data-status', 'failed');
  await expect(msg.getByTestId('message-failed')).toContainText('131000');
  await expect(msg.getByTestId('ticks')).toHaveAttribute('data-status', 'failed');
  await msg.getByTestId('message-retry').click();
  await expect(msg.getByTestId('ticks')).toHaveAttribute('data-status', 'read');
  await expect(msg.getByTestId('message-failed')).toHaveCount(0);
});

test('attachments: an image is checked, uploaded, shown at once and delivered; too large is refused', async ({
  page,
  browser,
  request,
}) => {
  const phone = customerPhone();
  const name = `Photo ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Avete una foto del prodotto?');
  await signIn(page);
  await openChat(page, name);

  await page
    .getByTestId('file-image')
    .setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
  await expect(page.getByTestId('toast')).toContainText('too large');
  await expect(page.getByTestId('attachment')).toHaveCount(0);

  await page.getByTestId('file-image').setInputFiles({ name: 'divano.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('attachment')).toContainText('divano.png');
  await page.getByTestId('composer-input').fill('Ecco il divano Oslo');
  await page.getByTestId('composer-send').click();
  const sent = page.locator('[data-testid="message"][data-type="image"]');
  await expect(sent.locator('img')).toBeVisible();
  await expect(sent).toContainText('Ecco il divano Oslo');
  await expect(sent.getByTestId('ticks')).toHaveAttribute('data-status', /delivered|read/);

  const ctx = await browser.newContext();
  const phonePage = await ctx.newPage();
  await phonePage.goto(`/sandbox/?phone=${phone}`);
  await expect(phonePage.locator('[data-testid="bubble"][data-type="image"]')).toContainText('Ecco il divano Oslo');
  await ctx.close();
});

test('reply to a message (quoted on the phone) and react to it', async ({ page, browser, request }) => {
  const phone = customerPhone();
  const name = `Reply ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Quanto costa la spedizione?');
  await signIn(page);
  await openChat(page, name);
  const inbound = page.locator('[data-testid="message"][data-direction="in"]').filter({ hasText: 'Quanto costa' });
  await inbound.getByTestId('message-actions').click();
  await page.getByTestId('message-reply').click();
  await expect(page.getByTestId('reply-strip')).toContainText('Quanto costa la spedizione?');
  await page.getByTestId('composer-input').fill('È gratuita sopra i 50 €');
  await page.getByTestId('composer-send').click();
  const reply = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: 'È gratuita' });
  await expect(reply.getByTestId('bubble-quote')).toContainText('Quanto costa la spedizione?');
  await expect(page.getByTestId('reply-strip')).toHaveCount(0);

  await inbound.getByTestId('message-actions').click();
  await page.getByRole('button', { name: 'React 👍' }).click();
  await expect(inbound.getByTestId('reactions')).toContainText('👍');

  const ctx = await browser.newContext();
  const phonePage = await ctx.newPage();
  await phonePage.goto(`/sandbox/?phone=${phone}`);
  await expect(
    phonePage.getByTestId('bubble').filter({ hasText: 'È gratuita' }).getByTestId('bubble-quote'),
  ).toContainText('Quanto costa');
  await expect(phonePage.getByTestId('reaction').filter({ hasText: '👍' })).toBeVisible();
  await ctx.close();

  // tapping the quote jumps to the quoted message
  await reply.getByTestId('bubble-quote').click();
  await expect(inbound).toHaveClass(/flash/);
});

test('history pages back as you scroll up', async ({ page, request }) => {
  const phone = customerPhone();
  const name = `History ${phone.slice(-4)}`;
  const start = 3 * 3600;
  for (let i = 1; i <= 70; i++)
    await customerSays(request, phone, name, `Messaggio ${i}`, { agoSeconds: start - i * 60 });
  await conversationOf(request, phone);
  await signIn(page);
  await page.getByTestId('inbox-search').fill(name);
  await openChat(page, name);
  await expect(page.getByTestId('message').filter({ hasText: /^Messaggio 70/ })).toBeVisible();
  await expect(page.getByTestId('message')).toHaveCount(50);
  await expect(async () => {
    await page.getByTestId('messages').evaluate((el) => (el.scrollTop = 0));
    await expect(page.getByTestId('message')).toHaveCount(70, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('message').first()).toContainText('Messaggio 1');
});

test('a list message: built with rows, opened on the phone, the chosen row comes back', async ({
  page,
  browser,
  request,
}) => {
  const phone = customerPhone();
  const name = `List ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Quali negozi avete?');
  await signIn(page);
  await openChat(page, name);
  await page.getByTestId('attach-toggle').click();
  await page.getByTestId('open-interactive').click();
  const builder = page.getByTestId('interactive-builder');
  await builder.getByTestId('builder-list').click();
  await builder.getByTestId('builder-body').fill('Scegli il negozio più vicino');
  await builder.getByTestId('builder-list-button').fill('Negozi');
  await builder.getByTestId('builder-row-title').nth(0).fill('Milano Centro');
  await builder.getByTestId('builder-add-row').click();
  await builder.getByTestId('builder-row-title').nth(1).fill('x'.repeat(25));
  await expect(builder.getByText('At most 24 characters')).toBeVisible();
  await expect(builder.getByTestId('builder-send')).toBeDisabled();
  await builder.getByTestId('builder-row-title').nth(1).fill('Bologna Fiera');
  await builder.getByTestId('builder-send').click();
  await expect(page.locator('[data-testid="message"][data-type="interactive"][data-direction="out"]')).toContainText(
    'Negozi',
  );

  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const phonePage = await ctx.newPage();
  await phonePage.goto(`/sandbox/?phone=${phone}`);
  await page.waitForTimeout(1100); // see conversation.spec.ts: whole-second inbound timestamps
  await phonePage.getByTestId('list-open').click();
  await phonePage.getByTestId('list-row').filter({ hasText: 'Bologna Fiera' }).click();
  await ctx.close();
  const reply = page.locator('[data-testid="message"][data-direction="in"][data-type="interactive"]');
  await expect(reply).toContainText('List reply');
  await expect(reply).toContainText('Bologna Fiera');
});
