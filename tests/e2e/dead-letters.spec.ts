/**
 * Settings → Dead letters: an admin sees a webhook event the database refused, with its reason and
 * contents, and can replay it (here it is refused again: the fix is covered by the integration test);
 * other roles do not get the screen. Phone (360×740) and tablet (1024×768).
 */
import { expect, test, type Page } from '@playwright/test';
import { createUser, signIn } from './helpers.ts';

async function refusedDelivery(request: import('@playwright/test').APIRequestContext, from: string) {
  const now = String(Math.floor(Date.now() / 1000));
  const value = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
    contacts: [{ profile: { name: 'Ordine lungo' }, wa_id: from }],
    // larger than the messages.payload limit of the schema: the store refuses it as invalid
    messages: [
      {
        from,
        id: `wamid.e2eDL${Date.now()}`,
        timestamp: now,
        type: 'text',
        text: { body: `<b>ordine</b> ${'articolo; '.repeat(25_000)}` },
      },
    ],
  };
  const r = await request.post('/sandbox/control/webhook', { data: { field: 'messages', value } });
  expect(r.ok(), await r.text()).toBe(true);
}

async function openDeadLetters(page: Page) {
  await page.goto('/#/settings/dead-letters');
  await expect(page.getByRole('heading', { level: 2, name: 'Dead letters' })).toBeVisible();
}

test('an admin sees a refused event with its reason and replays it', async ({ page, request }) => {
  const from = `39333${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`;
  await refusedDelivery(request, from);
  await signIn(page);
  await openDeadLetters(page);
  const letter = page.getByTestId('dead-letter').filter({ hasText: `+${from}` });
  await expect(letter).toBeVisible();
  await expect(letter).toContainText('Refused by the database');
  await expect(letter).toContainText('Messages: 1 · statuses: 0');
  await expect(letter.getByTestId('dead-letter-state')).toHaveText('Waiting');
  await expect(page.getByTestId('dead-letters-pending')).toBeVisible();
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('main')).toHaveCount(1);
  // customer text is text: the <b> arrives as characters, not as markup
  await letter.locator('summary').click();
  await expect(letter.locator('pre b')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/dead-letters-phone.png' });

  // keyboard: the replay button is reachable and works with Enter
  const replay = letter.getByTestId('dead-letter-replay');
  await replay.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('toast')).toContainText('Still refused');
  await expect(letter).toContainText('Replays tried: 1');
  await expect(letter).toContainText('Last replay refused');

  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(letter).toBeVisible();
  await page.screenshot({ path: 'test-results/dead-letters-tablet.png' });
});

test('the screen speaks Italian', async ({ page, request }) => {
  // an admin of its own: the language is kept on the server, and other specs share the first admin
  const admin = await createUser(request, 'admin');
  await signIn(page, admin.email, admin.password);
  await page.goto('/#/settings/account');
  await page.getByTestId('settings-language').selectOption('it');
  await page.getByTestId('settings-tab-dead-letters').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Eventi scartati' })).toBeVisible();
  await expect(page.getByTestId('dead-letters-replay-all')).toHaveText('Rielabora tutti');
});

test('operators get no dead-letters screen', async ({ page, request }) => {
  const op = await createUser(request, 'operator');
  await signIn(page, op.email, op.password);
  await page.goto('/#/settings');
  await expect(page.getByTestId('settings-tab-account')).toBeVisible();
  await expect(page.getByTestId('settings-tab-dead-letters')).toHaveCount(0);
});
