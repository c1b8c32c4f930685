/** Outside the 24 h window only templates can be sent: the composer says so and offers the picker. */
import { expect, test } from '@playwright/test';
import { conversationOf, customerSays, customerPhone, signIn } from './helpers.ts';

test('window closed: the composer offers approved templates, pre-filled from the contact, and sending works', async ({
  page,
  request,
}) => {
  const phone = customerPhone();
  const name = `Anna Late ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Ciao, scrivo da ieri', { agoSeconds: 25 * 3600 });
  const id = await conversationOf(request, phone);

  await signIn(page);
  await page.getByTestId('tab-all').click();
  // the oldest chat sits at the end of the list: find it by name
  await page.getByTestId('inbox-search').fill(name);
  const chatRow = page.getByTestId('conversation-row').filter({ hasText: name });
  await expect(chatRow.getByTestId('window-chip')).toHaveText('Window closed');
  await chatRow.click();
  await expect(page).toHaveURL(new RegExp(`#/c/${id}$`));
  await expect(page.getByTestId('chat-window')).toHaveText('24 h window closed');
  await expect(page.getByTestId('window-closed')).toContainText('only allows an approved template');
  await expect(page.getByTestId('composer-input')).toHaveCount(0);

  // internal notes stay possible
  await page.getByTestId('mode-note').click();
  await expect(page.getByTestId('composer-input')).toBeVisible();
  await page.getByTestId('mode-reply').click();

  await page.getByTestId('choose-template').click();
  const picker = page.getByTestId('template-picker');
  await expect(picker.getByTestId('template-option').first()).toBeVisible();
  await picker.getByTestId('template-search').fill('order_update');
  await picker.locator('[data-testid="template-option"][data-name="order_update"]').click();
  const params = picker.getByTestId('template-param');
  await expect(params).toHaveCount(2);
  await expect(params.nth(0)).toHaveValue(name); // {{1}} → the contact's name
  await expect(picker.getByTestId('template-send')).toBeDisabled();
  await params.nth(1).fill('#A-1042');
  await expect(picker.getByTestId('template-preview')).toContainText(`Hi ${name}, your order #A-1042 has been shipped`);
  await picker.getByTestId('template-send').click();

  const sent = page.locator('[data-testid="message"][data-type="template"]');
  await expect(sent).toContainText('your order #A-1042 has been shipped');
  await expect(sent.getByTestId('ticks')).toHaveAttribute('data-status', /sent|delivered|read/);

  // the customer's phone received it
  await expect(async () => {
    const r = await request.get(`/sandbox/customer/${phone}/messages`);
    const items = (
      (await r.json()) as {
        data: Array<{ kind: string; direction: string; type?: string; rendered?: { body: string } }>;
      }
    ).data;
    const tpl = items.find((i) => i.kind === 'message' && i.direction === 'outbound' && i.type === 'template');
    expect(tpl?.rendered?.body).toContain('#A-1042');
  }).toPass({ timeout: 10_000 });
});
