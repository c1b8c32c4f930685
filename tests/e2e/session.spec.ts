/** An expired session goes back to sign-in without losing the draft, and returns to the same chat. */
import { expect, test } from '@playwright/test';
import { customerPhone, customerSays, E2E_ADMIN, openChat, signIn } from './helpers.ts';

test('session expiry keeps the draft and the place', async ({ page, request }) => {
  const phone = customerPhone();
  const name = `Draft ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Vorrei cambiare la data di consegna');
  await signIn(page);
  await openChat(page, name);
  const url = page.url();
  await page.getByTestId('composer-input').fill('Certo, quale data preferisce? Abbiamo');
  // let the background copy for offline reading finish first: its requests would meet the 401s below
  await page.locator('html[data-offline-synced]').waitFor({ state: 'attached' });

  // the server stops accepting the token (expired): every call answers 401, refresh included
  await page.route('**/api/**', (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unauthorized', message: 'Session expired: sign in again' } }),
    }),
  );
  await page.getByTestId('chat-actions').click();
  await page.getByTestId('toggle-status').click();
  await expect(page.getByTestId('session-expired')).toBeVisible();
  await page.unroute('**/api/**');

  await page.getByTestId('signin-email').fill(E2E_ADMIN.email);
  await page.getByTestId('signin-password').fill(E2E_ADMIN.password);
  await page.getByTestId('signin-submit').click();
  expect(page.url()).toBe(url);
  await expect(page.getByTestId('chat-name')).toHaveText(name);
  await expect(page.getByTestId('composer-input')).toHaveValue('Certo, quale data preferisce? Abbiamo');
  // and the chat was not closed by the refused request
  await expect(page.getByTestId('chat-closed')).toHaveCount(0);
});

test('signing out returns to the sign-in screen; a reload stays signed in until then', async ({ page }) => {
  await signIn(page);
  await page.reload();
  await expect(page.getByTestId('conversation-list')).toBeVisible();
  await page.getByTestId('open-settings').click();
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('signin-form')).toBeVisible();
  await expect(page.getByTestId('session-expired')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('signin-form')).toBeVisible();
});
