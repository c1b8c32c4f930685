/**
 * The main loop: a customer writes on the sandbox phone page, the chat appears live in the operator's
 * list, the operator answers with text and with reply buttons, the customer sees both and taps a
 * button, the reply arrives in the chat, and the operator's message ticks reach read (blue).
 */
import { expect, test } from '@playwright/test';
import { createUser, customerPhone, row, signIn } from './helpers.ts';

test('customer ↔ operator: live list, text, buttons, button reply, read ticks', async ({ page, browser, request }) => {
  const op = await createUser(request, 'operator', { name: 'Olivia Operator', see_unassigned: true });
  const phone = customerPhone();
  const customerName = `Giulia ${phone.slice(-4)}`;

  await signIn(page, op.email, op.password);
  await page.getByTestId('tab-all').click();
  await expect(page.getByTestId('tab-all')).toHaveAttribute('aria-selected', 'true');

  // the customer, on the sandbox phone page in another browser context
  const customerCtx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const phonePage = await customerCtx.newPage();
  await phonePage.goto(`/sandbox/?phone=${phone}&name=${encodeURIComponent(customerName)}`);
  await expect(phonePage.locator('body')).toHaveAttribute('data-live', '1');
  await phonePage.getByTestId('phone-text-input').fill('Ciao! Avete il divano *Oslo* in grigio?');
  await phonePage.getByTestId('phone-send').click();

  // live, without reloading: the new chat appears in the operator's list
  const chatRow = row(page, customerName);
  await expect(chatRow).toBeVisible();
  await expect(chatRow.getByTestId('conversation-preview')).toContainText('Oslo');
  await expect(chatRow.getByTestId('unread-badge')).toHaveText('1');

  // open it: formatting rendered, unread cleared
  await chatRow.click();
  await expect(page.getByTestId('chat-name')).toHaveText(customerName);
  const inbound = page.getByTestId('message').filter({ hasText: 'Avete il divano' });
  await expect(inbound.locator('strong')).toHaveText('Oslo');
  await expect(page.getByTestId('chat-window')).toContainText('Window open');

  // reply with text: shows at once, then settles
  await page.getByTestId('composer-input').fill('Sì, è disponibile! Preferisce consegna o ritiro?');
  await page.getByTestId('composer-send').click();
  const mine = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: 'Preferisce consegna' });
  await expect(mine).toHaveCount(1);
  await expect(phonePage.getByTestId('bubble').filter({ hasText: 'Preferisce consegna o ritiro?' })).toBeVisible();

  // reply buttons through the builder
  await page.getByTestId('attach-toggle').click();
  await page.getByTestId('open-interactive').click();
  const builder = page.getByTestId('interactive-builder');
  await builder.getByTestId('builder-body').fill('Come preferisce riceverlo?');
  await builder.getByTestId('builder-button-title').nth(0).fill('Consegna');
  await builder.getByTestId('builder-button-title').nth(1).fill('Ritiro');
  await builder.getByTestId('builder-send').click();
  const buttonsMsg = page.locator('[data-testid="message"][data-type="interactive"][data-direction="out"]');
  await expect(buttonsMsg.getByTestId('bubble-button')).toHaveText(['Consegna', 'Ritiro']);

  // the customer sees the buttons and taps one
  const phoneButtons = phonePage.getByTestId('reply-button');
  await expect(phoneButtons).toHaveText(['Consegna', 'Ritiro']);
  // a real customer takes a moment; a reply within the same second as the buttons would not become
  // the chat's "last message" on the server (inbound timestamps have whole seconds — reported)
  await page.waitForTimeout(1100);
  await phoneButtons.filter({ hasText: 'Ritiro' }).click();

  // the reply arrives in the chat, quoting the buttons message; back on the operator's window it is read
  await page.bringToFront();
  const reply = page.locator('[data-testid="message"][data-direction="in"][data-type="interactive"]');
  await expect(reply).toContainText('Ritiro');
  await expect(reply.getByTestId('bubble-quote')).toContainText('Come preferisce');

  // every message the operator sent reaches read (blue ticks)
  await expect(mine.getByTestId('ticks')).toHaveAttribute('data-status', 'read');
  await expect(buttonsMsg.getByTestId('ticks')).toHaveAttribute('data-status', 'read');
  const color = await mine.getByTestId('ticks').evaluate((el) => getComputedStyle(el).color);
  expect(color).not.toBe(await inbound.locator('time').evaluate((el) => getComputedStyle(el).color));

  // back in the list: the customer's reply as preview, nothing unread (it was read in the open chat)
  await page.getByTestId('chat-back').click();
  await expect(chatRow.getByTestId('conversation-preview')).toContainText('Ritiro');
  await expect(chatRow.getByTestId('unread-badge')).toHaveCount(0);
  await customerCtx.close();
});
