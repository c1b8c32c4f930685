/**
 * Takeovers are visible: an operator (phone) and a manager (tablet) in the same chat. Whoever owns the
 * chat is in the header; every assignment change is in the timeline; when the manager takes the chat
 * the operator has open, the operator's composer turns read-only at once ("Assigned to Mara — ask to
 * take over") instead of letting them type a reply the server would refuse; their own actions get a toast.
 */
import { expect, test } from '@playwright/test';
import { createUser, customerPhone, customerSays, row, signIn } from './helpers.ts';

test('a takeover shows at once in the other teammate’s open chat, with the whole trail in the timeline', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36).slice(-4);
  const oscar = await createUser(request, 'operator', { name: `Oscar ${run}`, see_unassigned: true });
  const mara = await createUser(request, 'manager', { name: `Mara ${run}` });
  const phone = customerPhone();
  const name = `Takeover ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Buongiorno, chi mi segue?');

  // the operator, on a phone, opens the unassigned chat
  await signIn(page, oscar.email, oscar.password);
  await page.getByTestId('tab-unassigned').click();
  await row(page, name).click();
  await expect(page.getByTestId('chat-owner')).toHaveText('Unassigned');
  await expect(page.getByTestId('composer-input')).toBeVisible();

  // the manager, on a tablet, takes it
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const boss = await ctx.newPage();
  await signIn(boss, mara.email, mara.password);
  await boss.getByTestId('tab-all').click();
  await row(boss, name).click();
  await expect(boss.getByTestId('chat-owner')).toHaveText('Unassigned');
  await boss.getByTestId('chat-actions').click();
  await boss.getByTestId('assign-me').click();
  await expect(boss.getByTestId('toast')).toHaveText('Chat assigned to you');
  await expect(boss.getByTestId('chat-owner')).toHaveText('Assigned to you');
  await expect(boss.getByTestId('assignment-event').last()).toContainText('You assigned this chat to yourself ·');

  // the operator sees it at once: read-only, who has it, no composer
  const readOnly = page.getByTestId('composer-readonly');
  await expect(readOnly).toHaveText(`Assigned to Mara ${run} — ask to take over`);
  await expect(page.getByTestId('composer-input')).toHaveCount(0);
  await expect(page.getByTestId('chat-owner')).toHaveText(`Assigned to Mara ${run}`);
  // what they could read stays on screen
  await expect(page.getByTestId('message').filter({ hasText: 'chi mi segue?' })).toBeVisible();
  // and the chat left the operator's list (they may no longer see it)
  await page.getByTestId('chat-back').click();
  await expect(page.getByTestId('conversation-list')).toHaveAttribute('aria-busy', 'false');
  await expect(row(page, name)).toHaveCount(0);

  // the manager hands it to the operator: it comes back to them, writable, and the timeline says so
  await boss.getByTestId('chat-actions').click();
  await boss.getByTestId('assign-to').click();
  await boss
    .getByTestId('assign-option')
    .filter({ hasText: `Oscar ${run}` })
    .click();
  await expect(boss.getByTestId('toast')).toHaveText(`Chat assigned to Oscar ${run}`);
  await expect(boss.getByTestId('assignment-event').last()).toContainText(`You assigned this chat to Oscar ${run}`);
  await expect(boss.getByTestId('owner-banner')).toContainText(`Assigned to Oscar ${run}`);
  await page.getByTestId('tab-mine').click();
  await row(page, name).click();
  await expect(page.getByTestId('chat-owner')).toHaveText('Assigned to you');
  await expect(page.getByTestId('composer-input')).toBeVisible();
  const events = page.getByTestId('assignment-event');
  await expect(events).toHaveCount(2);
  await expect(events.nth(0)).toContainText(`Mara ${run} assigned this chat to themselves ·`);
  await expect(events.nth(1)).toContainText(`Mara ${run} assigned this chat to you ·`);

  // the manager takes over again from the banner, while the operator has the chat open
  await boss.getByTestId('take-over').click();
  await expect(boss.getByTestId('toast')).toHaveText('Chat assigned to you');
  await expect(page.getByTestId('composer-readonly')).toHaveText(`Assigned to Mara ${run} — ask to take over`);
  await expect(page.getByTestId('composer-input')).toHaveCount(0);

  // and unassigns it: the operator (who sees unassigned chats) can write again
  await boss.getByTestId('chat-actions').click();
  await boss.getByTestId('unassign').click();
  await expect(boss.getByTestId('toast')).toHaveText('Chat unassigned');
  await expect(boss.getByTestId('assignment-event').last()).toContainText('You unassigned this chat');
  await expect(boss.getByTestId('assignment-event')).toHaveCount(4);
  await expect(page.getByTestId('composer-input')).toBeVisible();
  await expect(page.getByTestId('chat-owner')).toHaveText('Unassigned');
  await expect(page.getByTestId('assignment-event').last()).toContainText(`Mara ${run} unassigned this chat`);

  // the operator's own action gets a toast too
  await page.getByTestId('chat-actions').click();
  await page.getByTestId('assign-me').click();
  await expect(page.getByTestId('toast')).toHaveText('Chat assigned to you');
  await expect(boss.getByTestId('assignment-event').last()).toContainText(
    `Oscar ${run} assigned this chat to themselves`,
  );
  // none of it reached the customer
  const history = (await (await request.get(`/sandbox/customer/${phone}/messages`)).json()) as {
    data: Array<{ direction: string }>;
  };
  expect(history.data.filter((i) => i.direction === 'outbound')).toEqual([]);
  await ctx.close();
});
