/**
 * What WhatsApp tells about messages, seen in the chat: an edited message (with its earlier version), one
 * deleted for everyone, a reply written in the WhatsApp Business app, a photo WhatsApp could not fetch, a
 * whole contact card, a security-code notice, a username-only customer — and the restriction banner for
 * admins. Real signed webhooks (the fixtures of tests/fixtures/whatsapp/) into a real server.
 */
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { customerPhone, openChat, row, signIn } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/whatsapp');
const secret = () =>
  (
    JSON.parse(
      readFileSync(join(tmpdir(), `spunta-e2e-${process.env.E2E_PORT ?? 8391}`, 'sandbox-secrets.json'), 'utf8'),
    ) as { appSecret: string }
  ).appSecret;

/** A fixture for a fresh customer: its phone, wamids and timestamps replaced, signed like Meta. */
async function post(request: APIRequestContext, name: string, phone: string, tag: string, at: number): Promise<void> {
  const raw = readFileSync(join(FIXTURES, `${name}.json`), 'utf8')
    .replaceAll('393471234567', phone)
    // a name of its own: other specs on the same server have a "Giulia Rossi" too
    .replaceAll('Giulia Rossi', `Giulia ${phone.slice(-6)}`)
    .replace(/wamid\.[A-Za-z0-9=_-]+/g, (w) => `${w}${tag}`)
    .replace(/"timestamp": "\d+"/g, `"timestamp": "${at}"`);
  const sig = `sha256=${createHmac('sha256', secret()).update(raw).digest('hex')}`;
  const r = await request.post('/webhooks/whatsapp', {
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig },
    data: raw,
  });
  expect(r.status()).toBe(200);
}

test('edits, revokes, WhatsApp app replies, failed media, cards and the restriction banner', async ({
  page,
  request,
}) => {
  const phone = customerPhone();
  const now = Math.floor(Date.now() / 1000);
  await post(request, 'message-text', phone, 'a', now - 600);
  await post(request, 'edit-text', phone, 'a', now - 590);
  await post(request, 'message-contacts', phone, 'b', now - 500);
  await post(request, 'message-image-media-error', phone, 'c', now - 400);
  await post(request, 'message-system-identity', phone, 'd', now - 300);
  await post(request, 'echo-text', phone, 'e', now - 200);
  await post(request, 'message-text', phone, 'f', now - 100);
  await post(request, 'revoke', phone, 'f', now - 90);
  // a restriction still running
  const restriction = readFileSync(join(FIXTURES, 'account-update.json'), 'utf8').replace(
    '1795934800',
    String(now + 7 * 86400),
  );
  const sig = `sha256=${createHmac('sha256', secret()).update(restriction).digest('hex')}`;
  await request.post('/webhooks/whatsapp', {
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig },
    data: restriction,
  });

  await signIn(page);
  await expect(page.getByTestId('account-banner')).toContainText('restricted biz initiated messaging');
  await openChat(page, `Giulia ${phone.slice(-6)}`);
  const edited = page.getByTestId('message').filter({ hasText: 'pelle marrone' });
  await expect(edited).toBeVisible();
  await edited.getByTestId('message-edited').click();
  await expect(edited.getByTestId('edit-history')).toContainText('pelle nera');
  await expect(page.getByTestId('message-deleted')).toHaveText(/This message was deleted/);
  await expect(
    page.getByTestId('message').filter({ hasText: 'passi pure oggi' }).getByTestId('message-author'),
  ).toHaveText('WhatsApp app');
  await expect(page.getByTestId('media-not-received')).toContainText('131052');
  await expect(page.getByTestId('system-notice').last()).toContainText('security code');
  await expect(page.getByText('Responsabile · Vendite · Bianchi Srl')).toBeVisible();
  await page.screenshot({ path: 'test-results/channel-chat-360.png', fullPage: false });
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(edited.getByTestId('edit-history')).toBeVisible();
  await page.screenshot({ path: 'test-results/channel-chat-1024.png', fullPage: false });
  // Meta lifts the restriction: the banner goes (and later specs on this server see no restriction)
  const lifted = readFileSync(join(FIXTURES, 'account-update-reinstated.json'), 'utf8');
  const liftedSig = `sha256=${createHmac('sha256', secret()).update(lifted).digest('hex')}`;
  await request.post('/webhooks/whatsapp', {
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': liftedSig },
    data: lifted,
  });
  await expect(page.getByTestId('account-banner')).toBeHidden();
});

test('a username-only customer shows by name and is answered', async ({ page, request }) => {
  const r = await request.post('/sandbox/customer/messages', {
    data: {
      from: customerPhone(),
      name: 'Chiara',
      username: 'chiara.design',
      hidePhone: true,
      type: 'text',
      text: 'Ciao! Mi fate un preventivo?',
    },
  });
  expect(r.ok(), await r.text()).toBe(true);
  await signIn(page);
  // no phone to show: the list row and the chat header show the username Meta sent
  const all = page.getByTestId('tab-all');
  if (await all.count()) await all.click();
  await expect(row(page, 'Chiara').first().getByTestId('conversation-username')).toHaveText(/@chiara\.design/);
  await openChat(page, 'Chiara');
  await expect(page.getByTestId('chat-username')).toHaveText(/@chiara\.design/);
  await page.getByTestId('composer-input').fill('Certo, ecco il preventivo');
  await page.getByTestId('composer-send').click();
  await expect(page.getByTestId('message').filter({ hasText: 'ecco il preventivo' })).toHaveAttribute(
    'data-status',
    /sent|delivered|read/,
  );
  await page.screenshot({ path: 'test-results/channel-username-360.png' });
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(page.getByTestId('chat-username')).toBeVisible();
  await page.screenshot({ path: 'test-results/channel-username-1024.png' });
});
