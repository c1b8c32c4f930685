/** On a tablet, an admin manages the team; everyone edits a contact from the side column. */
import { expect, test } from '@playwright/test';
import { customerPhone, customerSays, openChat, signIn } from './helpers.ts';

test.use({ viewport: { width: 1024, height: 768 } });

test('admin creates a team member (password shown once), changes the role and deactivates', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-team').click();
  const email = `new-${Date.now().toString(36)}@e2e.local`;
  const form = page.getByTestId('create-user');
  await form.locator('input[name="name"]').fill('Nuovo Operatore');
  await form.locator('input[name="email"]').fill(email);
  await form.getByTestId('new-user-role').selectOption('operator');
  await form.locator('input[name="see_unassigned"]').check();
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('created-password')).toContainText(email);
  const password = (await page.getByTestId('created-password').locator('code').textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(10);

  const userRow = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(userRow.getByTestId('user-see-unassigned')).toBeChecked();
  await userRow.getByTestId('user-role').selectOption('manager');
  await expect(userRow.getByTestId('user-see-unassigned')).toBeDisabled();
  await userRow.getByTestId('user-active').click();
  await expect(userRow).toHaveClass(/inactive/);

  // a deactivated member cannot sign in
  const r = await page.request.post('/api/auth/login', { data: { email, password } });
  expect(r.status()).toBe(401);
});

test('contact side column: edit name and notes; the chat title follows', async ({ page, request }) => {
  const phone = customerPhone();
  const profile = `Profile ${phone.slice(-4)}`;
  await customerSays(request, phone, profile, 'Salve');
  await signIn(page);
  await openChat(page, profile);
  await page.getByTestId('chat-title').click();
  const panel = page.getByTestId('contact-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('messages')).toBeVisible(); // side by side on a tablet
  await expect(panel.getByTestId('contact-phone')).toHaveText(`+${phone}`);
  await panel.getByTestId('contact-name').fill('Lucia Verdi');
  await panel.getByTestId('contact-language').selectOption('it');
  await panel.getByTestId('contact-notes').fill('Cliente dal 2021');
  await panel.getByTestId('contact-save').click();
  await expect(page.getByTestId('toast')).toHaveText('Contact saved');
  await expect(page.getByTestId('chat-name')).toHaveText('Lucia Verdi');
  await page.reload();
  await expect(page.getByTestId('contact-notes')).toHaveValue('Cliente dal 2021');
});
