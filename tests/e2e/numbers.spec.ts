/**
 * First run for an admin: the getting-started checklist and the sandbox badge on a phone; on a tablet,
 * connecting a second (sandbox) number, its webhook URL and a test message, the inbox's number filter
 * and labels, a reply leaving from the chat's own number, and the "new chat" button.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiToken, customerPhone, row, signIn } from './helpers.ts';

const SECOND_PNID = '106540352242923';
const SHOTS = 'test-results/numbers';

/** The sandbox customer writes to a given business number. */
async function customerWritesTo(
  request: APIRequestContext,
  phoneNumberId: string,
  from: string,
  name: string,
  text: string,
) {
  const r = await request.post('/sandbox/customer/messages', {
    data: { from, name, type: 'text', text, phoneNumberId },
  });
  expect(r.ok(), await r.text()).toBe(true);
}

test.describe('on a phone (360×740)', () => {
  test('the admin sees the sandbox badge and a getting-started checklist read from real data, can hide it and find it again', async ({
    page,
  }) => {
    await signIn(page);
    const badge = page.getByTestId('sandbox-badge');
    await expect(badge).toBeVisible();
    await expect(badge).toHaveAttribute('href', '/sandbox/');
    const banner = page.getByTestId('setup-banner');
    await expect(banner).toContainText(/of 6 done/);
    await page.screenshot({ path: `${SHOTS}/inbox-checklist-360.png` });

    await banner.getByRole('link').click();
    const list = page.getByTestId('setup-checklist');
    await expect(list.getByRole('heading', { level: 2 })).toHaveText('Getting started');
    // no real number yet, no business hours: not done; links lead to where each is done
    await expect(page.getByTestId('setup-step-whatsapp')).toHaveAttribute('data-done', 'false');
    await expect(page.getByTestId('setup-step-hours')).toHaveAttribute('data-done', 'false');
    await expect(page.getByTestId('setup-step-hours').getByRole('link')).toHaveAttribute('href', '#/settings/hours');
    await expect(page.getByTestId('setup-step-whatsapp').getByRole('link')).toHaveAttribute(
      'href',
      '#/settings/whatsapp',
    );
    await expect(page.locator('main')).toHaveCount(1);
    await expect(page.locator('h1')).toHaveCount(1);
    await page.screenshot({ path: `${SHOTS}/checklist-360.png`, fullPage: true });

    await page.getByTestId('setup-hide').click();
    await expect(page.getByTestId('setup-show')).toBeVisible();
    await page.getByTestId('settings-back').click();
    await expect(page.getByTestId('conversation-list')).toBeVisible();
    await expect(page.getByTestId('sandbox-badge')).toBeVisible();
    await expect(page.getByTestId('setup-banner')).toHaveCount(0);
    // still there in settings, and it can come back to the inbox
    await page.goto('/#/settings/setup');
    await page.getByTestId('setup-show').click();
    await page.goto('/#/');
    await expect(page.getByTestId('setup-banner')).toBeVisible();
  });

  test('a checked step follows the data: a second team member ticks "Invite your team"', async ({ page, request }) => {
    const admin = await apiToken(request);
    const r = await request.post('/api/v1/users', {
      headers: { authorization: `Bearer ${admin}` },
      data: { email: `op-${Date.now()}@e2e.local`, name: 'Operatore Uno', role: 'operator' },
    });
    expect(r.status()).toBe(201);
    await signIn(page);
    await page.goto('/#/settings/setup');
    await expect(page.getByTestId('setup-step-team')).toHaveAttribute('data-done', 'true');
  });
});

test.describe('on a tablet (1024×768)', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('the admin connects a second sandbox number, sees the webhook URL, sends a test message; the inbox filters and labels chats by number', async ({
    page,
    request,
    baseURL,
  }) => {
    await signIn(page);
    await page.goto('/#/settings/whatsapp');
    await expect(page.getByTestId('number-card')).toHaveCount(1);
    await expect(page.getByTestId('number-origin')).toHaveText('Built-in sandbox');
    await expect(page.getByTestId('webhook-url')).toHaveValue(`${baseURL}/webhooks/whatsapp`);

    // a wrong token is refused with Meta's words and nothing is added
    await page.getByTestId('connect-fill-sandbox').click();
    await expect(page.getByTestId('connect-pnid')).toHaveValue(SECOND_PNID);
    await page.getByTestId('connect-token').fill('EAAnot-a-token');
    await page.getByTestId('connect-submit').click();
    await expect(page.getByTestId('connect-error')).toContainText('Invalid OAuth access token');
    await expect(page.getByTestId('number-card')).toHaveCount(1);

    await page.getByTestId('connect-fill-sandbox').click();
    await page.getByTestId('connect-submit').click();
    const card = page.locator(`[data-testid="number-card"][data-pnid="${SECOND_PNID}"]`);
    await expect(card).toBeVisible();
    await expect(card.getByTestId('number-origin')).toHaveText('Connected here');
    await expect(card.getByTestId('secret-access_token')).toHaveText('set');
    await expect(card.getByTestId('secret-app_secret')).toHaveText('set');
    await page.screenshot({ path: `${SHOTS}/numbers-1024.png`, fullPage: true });

    const testTo = customerPhone();
    await card.getByTestId('test-open').click();
    await card.getByTestId('test-to').fill(`+${testTo}`);
    await card.getByTestId('test-send').click();
    await expect(page.getByTestId('toast')).toContainText('Test message sent');
    await expect(async () => {
      const r = await request.get(`/sandbox/customer/${testTo}/messages?phoneNumberId=${SECOND_PNID}`);
      const list = ((await r.json()) as { data: Array<{ direction: string; type?: string }> }).data;
      expect(list.some((i) => i.direction === 'outbound' && i.type === 'template')).toBe(true);
    }).toPass({ timeout: 15_000 });

    // a customer of the second number; the inbox now labels chats by number and filters by it
    const phone = customerPhone();
    await customerWritesTo(request, SECOND_PNID, phone, 'Cliente Due', 'Buongiorno, numero due');
    await page.goto('/#/');
    await page.getByTestId('tab-all').click();
    const filter = page.getByTestId('number-filter');
    await expect(filter).toBeVisible();
    await expect(row(page, 'Cliente Due').getByTestId('conversation-number')).toHaveText('Spunta Demo 2');
    await filter.selectOption({ label: 'Spunta Demo 2' });
    await expect(row(page, 'Cliente Due')).toBeVisible();
    await expect(page.getByTestId('conversation-number').filter({ hasNotText: 'Spunta Demo 2' })).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/inbox-numbers-1024.png` });

    // the reply leaves from the second number
    await row(page, 'Cliente Due').click();
    await page.getByTestId('composer-input').fill('Risposta dal numero due');
    await page.getByTestId('composer-input').press('Enter');
    await expect(async () => {
      const r = await request.get(`/sandbox/customer/${phone}/messages?phoneNumberId=${SECOND_PNID}`);
      const list = ((await r.json()) as { data: Array<{ direction: string; message?: { text?: { body?: string } } }> })
        .data;
      expect(list.some((i) => i.direction === 'outbound' && i.message?.text?.body === 'Risposta dal numero due')).toBe(
        true,
      );
    }).toPass({ timeout: 15_000 });
  });

  test('"new chat": a typed number is checked, the number is chosen, the first message is a template and the chat opens', async ({
    page,
  }) => {
    await signIn(page);
    await page.getByTestId('new-chat-button').click();
    const sheet = page.getByTestId('new-chat');
    await expect(sheet).toBeVisible();
    await sheet.getByTestId('new-chat-search').fill('+39 123');
    await sheet.getByTestId('new-chat-search').fill('+39 000 000 0000');
    await expect(sheet.getByTestId('new-chat-invalid')).toBeVisible();
    const phone = customerPhone();
    await sheet.getByTestId('new-chat-search').fill(`+${phone}`);
    await expect(sheet.getByTestId('new-chat-typed')).toContainText('Write to +39');
    await sheet.getByTestId('new-chat-number').selectOption({ label: 'Spunta Demo 2' });
    await page.screenshot({ path: `${SHOTS}/new-chat-1024.png` });
    await sheet.getByTestId('new-chat-typed').click();
    const start = page.getByTestId('start-chat');
    await start.locator('[data-testid="template-option"][data-name="hello_world"]').click();
    await start.getByTestId('start-chat-send').click();
    await expect(page).toHaveURL(/#\/c\/[a-z0-9]{15}$/);
    await expect(page.getByTestId('chat-name')).toHaveText(`+${phone}`);
    // the chat belongs to the second number
    await page.goto('/#/');
    await page.getByTestId('tab-all').click();
    await expect(row(page, `+${phone}`).getByTestId('conversation-number')).toHaveText('Spunta Demo 2');
  });
});
