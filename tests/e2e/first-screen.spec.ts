/**
 * An operator's first screen is useful: with nothing of their own they land on the chats waiting to be
 * picked up; the tabs count what is unassigned and unread; the unread total is on the navigation, in
 * the page title and on the installed app's icon — all from the server, for this role, and live.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, conversationOf, createUser, customerPhone, customerSays, row, signIn } from './helpers.ts';

interface Counts {
  mine: number;
  unassigned: number;
  unread: number;
}

async function serverCounts(request: APIRequestContext, email: string, password: string): Promise<Counts> {
  const token = await apiToken(request, email, password);
  const r = await request.get('/api/v1/conversations/counts', { headers: { authorization: `Bearer ${token}` } });
  expect(r.ok(), await r.text()).toBe(true);
  return (await r.json()) as Counts;
}

/** The Badging API is only observable through its calls: record them (the real one needs an installed app). */
async function recordBadge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const calls: number[] = [];
    (window as unknown as { __badge: number[] }).__badge = calls;
    Object.assign(navigator, {
      setAppBadge: (n?: number) => (calls.push(n ?? -1), Promise.resolve()),
      clearAppBadge: () => (calls.push(0), Promise.resolve()),
    });
  });
}
const lastBadge = (page: Page) =>
  page.evaluate(() => (window as unknown as { __badge: number[] }).__badge.at(-1) ?? null);

async function expectCounts(page: Page, c: Counts): Promise<void> {
  const tab = async (name: string, n: number) => {
    const count = page.getByTestId(`tab-count-${name}`);
    if (n > 0) await expect(count).toHaveText(String(n));
    else await expect(count).toHaveCount(0);
  };
  await tab('unassigned', c.unassigned);
  await tab('unread', c.unread);
  if (c.unread > 0) await expect(page.getByTestId('nav-unread')).toHaveText(c.unread > 99 ? '99+' : String(c.unread));
  await expect(page).toHaveTitle(c.unread > 0 ? `(${c.unread}) Spunta` : 'Spunta');
  await expect.poll(() => lastBadge(page)).toBe(c.unread);
}

test('an operator with nothing of their own lands on Unassigned; counts on tabs, nav, title and icon stay live', async ({
  page,
  request,
}) => {
  const op = await createUser(request, 'operator', { name: 'Fiona First', see_unassigned: true });
  const waiting = customerPhone();
  const waitingName = `Waiting ${waiting.slice(-4)}`;
  await customerSays(request, waiting, waitingName, 'Qualcuno mi aiuta?');
  await conversationOf(request, waiting);
  await recordBadge(page);

  await signIn(page, op.email, op.password);
  await expect(page.getByTestId('tab-unassigned')).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, waitingName)).toBeVisible();
  await expectCounts(page, await serverCounts(request, op.email, op.password));

  // a new customer writes: the counts follow without a reload
  const before = await serverCounts(request, op.email, op.password);
  const fresh = customerPhone();
  await customerSays(request, fresh, `Fresh ${fresh.slice(-4)}`, 'Nuovo cliente');
  await conversationOf(request, fresh);
  const after = await serverCounts(request, op.email, op.password);
  expect(after.unassigned).toBe(before.unassigned + 1);
  expect(after.unread).toBe(before.unread + 1);
  await expectCounts(page, after);

  // the operator picks one up: it leaves the unassigned pool, and once read, the unread count
  await row(page, waitingName).click();
  await page.getByTestId('chat-actions').click();
  await page.getByTestId('assign-me').click();
  await expect(page.getByTestId('chat-owner')).toHaveText('Assigned to you');
  await expect
    .poll(async () => serverCounts(request, op.email, op.password))
    .toEqual({ mine: 1, unassigned: after.unassigned - 1, unread: after.unread - 1 });
  await expectCounts(page, { mine: 1, unassigned: after.unassigned - 1, unread: after.unread - 1 });
});

test('an operator with chats of their own lands on Mine; one who sees only their own has no unassigned count', async ({
  page,
  request,
}) => {
  const op = await createUser(request, 'operator', { name: 'Mino Mine', see_unassigned: true });
  const phone = customerPhone();
  const name = `Mine ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Ciao Mino');
  const id = await conversationOf(request, phone);
  const admin = await apiToken(request);
  expect(
    (
      await request.post(`/api/v1/conversations/${id}/assign`, {
        headers: { authorization: `Bearer ${admin}` },
        data: { assignee: op.id },
      })
    ).ok(),
  ).toBe(true);
  await recordBadge(page);
  await signIn(page, op.email, op.password);
  await expect(row(page, name)).toBeVisible();
  await expect(page.getByTestId('tab-mine')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('nav-unread').waitFor();
  await expectCounts(page, await serverCounts(request, op.email, op.password));

  const own = await createUser(request, 'operator', { name: 'Olga Own', see_unassigned: false });
  const ctx = await page
    .context()
    .browser()!
    .newContext({ viewport: { width: 360, height: 740 } });
  const other = await ctx.newPage();
  await signIn(other, own.email, own.password);
  await expect(other.getByTestId('tab-mine')).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByTestId('inbox-empty')).toBeVisible();
  const counts = await serverCounts(request, own.email, own.password);
  expect(counts).toEqual({ mine: 0, unassigned: 0, unread: 0 });
  await expect(other.getByTestId('tab-count-unread')).toHaveCount(0);
  await expect(other.getByTestId('nav-unread')).toHaveCount(0);
  await expect(other).toHaveTitle('Spunta');
  await ctx.close();
});
