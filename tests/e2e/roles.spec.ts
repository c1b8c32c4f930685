/** Roles in the UI match the server: operators see only their chats, viewers cannot send. */
import { expect, test } from '@playwright/test';
import { apiToken, conversationOf, createUser, customerPhone, customerSays, row, signIn } from './helpers.ts';

test('an operator sees only the chats assigned to them', async ({ page, request }) => {
  const alice = await createUser(request, 'operator', { name: 'Alice Op' });
  const bob = await createUser(request, 'operator', { name: 'Bob Op' });
  const p1 = customerPhone();
  const p2 = customerPhone();
  const p3 = customerPhone();
  await customerSays(request, p1, `For Alice ${p1.slice(-4)}`, 'Buongiorno, info sul mio ordine');
  await customerSays(request, p2, `For Bob ${p2.slice(-4)}`, 'Hello, a question for Bob');
  await customerSays(request, p3, `Nobody ${p3.slice(-4)}`, 'Unassigned question');
  const admin = await apiToken(request);
  const c1 = await conversationOf(request, p1);
  const c2 = await conversationOf(request, p2);
  for (const [conv, user] of [
    [c1, alice.id],
    [c2, bob.id],
  ] as const) {
    const r = await request.post(`/api/v1/conversations/${conv}/assign`, {
      headers: { authorization: `Bearer ${admin}` },
      data: { assignee: user },
    });
    expect(r.ok()).toBe(true);
  }

  await signIn(page, alice.email, alice.password);
  // no "unassigned" (not allowed) and no "all" for an operator without unassigned access
  await expect(page.getByRole('tab')).toHaveText([/^Mine/, /^Unread/]); // a tab may carry its count
  await expect(row(page, `For Alice ${p1.slice(-4)}`)).toBeVisible();
  await page.getByTestId('tab-unread').click();
  await expect(row(page, `For Alice ${p1.slice(-4)}`)).toBeVisible();
  await expect(row(page, `For Bob ${p2.slice(-4)}`)).toHaveCount(0);
  await expect(row(page, `Nobody ${p3.slice(-4)}`)).toHaveCount(0);

  // a direct link to Bob's chat shows nothing of it
  await page.goto(`/#/c/${c2}`);
  await expect(page.getByText('This chat does not exist or you cannot see it.')).toBeVisible();
  await expect(page.getByText('a question for Bob')).toHaveCount(0);

  // the chat assigned to Alice opens, and she can hand it back
  await page.goto(`/#/c/${c1}`);
  await expect(page.getByTestId('chat-name')).toHaveText(`For Alice ${p1.slice(-4)}`);
  await page.getByTestId('chat-actions').click();
  await expect(page.getByTestId('assign-to')).toHaveCount(0); // only managers assign others
  await expect(page.getByTestId('unassign')).toBeVisible();
});

test('a viewer reads everything but cannot send', async ({ page, request }) => {
  const viewer = await createUser(request, 'viewer', { name: 'Vera Viewer' });
  const phone = customerPhone();
  const name = `Viewer case ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Can someone help me?');
  await signIn(page, viewer.email, viewer.password);
  await expect(page.getByRole('tab')).toHaveText([/^All/, /^Unassigned/, /^Unread/]);
  await page.getByTestId('tab-all').click();
  await row(page, name).click();
  await expect(page.getByTestId('composer-readonly')).toContainText('read-only');
  await expect(page.getByTestId('composer-input')).toHaveCount(0);
  await page.getByTestId('chat-actions').click();
  await expect(page.getByTestId('assign-me')).toHaveCount(0);
  await expect(page.getByTestId('toggle-status')).toHaveCount(0);
});

test('a manager assigns a chat to an operator from the chat menu, and it shows in the list', async ({
  page,
  request,
}) => {
  const manager = await createUser(request, 'manager', { name: 'Mia Manager' });
  const op = await createUser(request, 'operator', { name: `Oscar ${Date.now().toString(36).slice(-3)}` });
  const phone = customerPhone();
  const name = `To assign ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Vorrei parlare con qualcuno');
  await signIn(page, manager.email, manager.password);
  await page.getByTestId('tab-unassigned').click();
  await row(page, name).click();
  await page.getByTestId('chat-actions').click();
  await page.getByTestId('assign-to').click();
  await page.getByTestId('assign-option').filter({ hasText: op.name }).click();
  await page.getByTestId('chat-back').click();
  await page.getByTestId('tab-all').click();
  await expect(row(page, name)).toContainText(`Assigned to ${op.name}`);
  // the unassigned tab no longer lists it
  await page.getByTestId('tab-unassigned').click();
  await expect(row(page, name)).toHaveCount(0);
});
