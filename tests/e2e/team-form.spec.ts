/** The "add team member" form: least privileged by default, and it keeps the admin's last choice. */
import { expect, test, type Page } from '@playwright/test';
import { apiToken, signIn } from './helpers.ts';

async function addMember(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now().toString(36)}@e2e.local`;
  const form = page.getByTestId('create-user');
  await form.locator('input[name="name"]').fill(name);
  await form.locator('input[name="email"]').fill(email);
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('created-password')).toContainText(email);
  await expect(page.locator(`[data-testid="user-row"][data-email="${email}"]`)).toBeVisible();
  return email;
}

test('a new member is a viewer unless chosen otherwise; the second member keeps the role chosen for the first', async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto('/#/settings/team');
  const role = page.getByTestId('new-user-role');
  await expect(role).toHaveValue('viewer');

  await role.selectOption('operator');
  const first = await addMember(page, 'Primo Operatore');
  await expect(role).toHaveValue('operator');
  const second = await addMember(page, 'Secondo Operatore'); // role not touched

  const token = await apiToken(request);
  const users = (
    (await (await request.get('/api/v1/users', { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: Array<{ email: string; role: string }>;
    }
  ).items;
  expect(users.find((u) => u.email === first)?.role).toBe('operator');
  expect(users.find((u) => u.email === second)?.role).toBe('operator');
  await expect(page.locator(`[data-testid="user-row"][data-email="${second}"]`).getByTestId('user-role')).toHaveValue(
    'operator',
  );
});
