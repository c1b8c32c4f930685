/** The contacts screens follow the role: operators have no import / export / bulk delete / fields; viewers only read. */
import { expect, test } from '@playwright/test';
import { apiToken, conversationOf, createUser, customerPhone, customerSays, signIn } from './helpers.ts';

test('an operator sees their contacts without import, export, bulk delete or field definitions', async ({
  page,
  request,
}) => {
  const op = await createUser(request, 'operator', { name: 'Olga Op' });
  const phone = customerPhone();
  const name = `Op contact ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Buongiorno');
  const conv = await conversationOf(request, phone);
  const admin = await apiToken(request);
  await request.post(`/api/v1/conversations/${conv}/assign`, {
    headers: { authorization: `Bearer ${admin}` },
    data: { assignee: op.id },
  });

  await signIn(page, op.email, op.password);
  await page.getByTestId('nav-contacts').click();
  await expect(page.getByTestId('contacts-list')).toBeVisible();
  // only the contacts of chats they can see
  await expect(page.getByTestId('contacts-count')).toHaveText('1 contact');
  await expect(page.getByTestId('contact-row-name')).toHaveText([name]);
  await expect(page.getByTestId('contacts-import')).toHaveCount(0);
  await expect(page.getByTestId('contacts-export')).toHaveCount(0);
  await expect(page.getByTestId('contacts-add')).toHaveCount(0);
  await expect(page.getByTestId('crm-tab-fields')).toHaveCount(0);

  // bulk actions without delete, restore or export
  await page.getByTestId('contact-check').first().check();
  await page.getByTestId('open-bulk').click();
  const bulk = page.getByTestId('bulk-sheet');
  await expect(bulk.getByTestId('bulk-tag')).toBeVisible();
  await expect(bulk.getByTestId('bulk-delete')).toHaveCount(0);
  await expect(bulk.getByTestId('bulk-restore')).toHaveCount(0);
  await expect(bulk.getByTestId('bulk-export')).toHaveCount(0);
  await bulk.getByRole('button', { name: 'Close' }).click();

  // the wizard is not there for them even by address; no list or tag management
  await page.goto('/#/contacts/import');
  await expect(page.getByText('You are not allowed to do this.')).toBeVisible();
  await expect(page.getByTestId('import-file')).toHaveCount(0);
  await page.goto('/#/lists');
  await expect(page.getByTestId('list-new')).toHaveCount(0);
  await page.goto('/#/tags');
  await expect(page.getByTestId('tag-new')).toHaveCount(0);

  // their contact opens, with the chat link
  await page.goto('/#/contacts');
  await page.getByTestId('contact-row').first().locator('a').click();
  await expect(page.getByTestId('cp-open-chat')).toHaveAttribute('href', `#/c/${conv}`);
  await page.getByTestId('cp-open-chat').click();
  await expect(page.getByTestId('chat-name')).toHaveText(name);
  await expect(page.getByTestId('app-nav')).toBeHidden(); // the composer owns the bottom of a phone
});

test('a viewer reads contacts but changes nothing', async ({ page, request }) => {
  const viewer = await createUser(request, 'viewer', { name: 'Vito Viewer' });
  const phone = customerPhone();
  const name = `Viewer contact ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Hello');
  await signIn(page, viewer.email, viewer.password);
  await page.goto('/#/contacts');
  await page.getByTestId('contacts-search').fill(phone.slice(-7));
  await expect(page.getByTestId('contact-row-name')).toHaveText([name]);
  await expect(page.getByTestId('contact-check')).toHaveCount(0);
  await expect(page.getByTestId('contacts-import')).toHaveCount(0);
  await page.getByTestId('contact-row').first().locator('a').click();
  await expect(page.getByTestId('contact-page')).toContainText('Read-only access');
  await expect(page.getByTestId('contact-edit')).toHaveCount(0);
  await expect(page.getByTestId('cp-block')).toHaveCount(0);
  await expect(page.getByTestId('cp-delete')).toHaveCount(0);
  await expect(page.getByTestId('consent-record-in')).toHaveCount(0);
  await expect(page.getByTestId('cp-tags-add')).toHaveCount(0);
  await expect(page.getByTestId('cp-open-chat')).toBeVisible();
});
