/**
 * A chat shows its own messages and nothing else: switching between chats (phone and tablet layouts),
 * paging back through a long history written in bursts, and live messages arriving for the chat just
 * left. The server's data was always right; the client's message store used to carry one chat's
 * messages over into the next.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, conversationOf, customerPhone, customerSays, signIn } from './helpers.ts';

const LAYOUTS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'tablet', width: 1024, height: 768 },
] as const;

interface Customer {
  phone: string;
  name: string;
  marker: string;
}

function customer(label: string, run: string): Customer {
  const phone = customerPhone();
  return { phone, name: `${label} ${run}`, marker: `[${label}-${run}]` };
}

/** Messages the server holds for a chat (as the admin sees them). */
async function serverTexts(request: APIRequestContext, id: string): Promise<string[]> {
  const token = await apiToken(request);
  const r = await request.get(`/api/v1/conversations/${id}/messages?limit=200`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await r.json()) as { items: Array<{ preview: string }> };
  return body.items.map((m) => m.preview);
}

async function openByName(page: Page, c: Customer, phoneLayout: boolean): Promise<void> {
  if (phoneLayout && (await page.getByTestId('chat-view').count())) await page.getByTestId('chat-back').click();
  await page.getByTestId('tab-all').click();
  await page.getByTestId('inbox-search').fill(c.name);
  await page.getByTestId('conversation-row').filter({ hasText: c.name }).first().click();
  await expect(page.getByTestId('chat-name')).toHaveText(c.name);
}

/**
 * The open chat shows exactly `count` messages, every one of them this customer's. Its own latest
 * message (`latest`) is awaited first: it arrives with the same response as any leftover would.
 */
async function expectOnly(page: Page, c: Customer, count: number, latest: string): Promise<void> {
  const bubbles = page.getByTestId('messages').getByTestId('message');
  await expect(bubbles.filter({ hasText: `${c.marker} ${latest}` })).toBeVisible();
  await expect(bubbles).toHaveCount(count);
  const texts = await bubbles.allInnerTexts();
  for (const text of texts) expect(text, `a message in ${c.name}`).toContain(c.marker);
}

for (const layout of LAYOUTS) {
  test(`each chat shows only its own messages — ${layout.name}`, async ({ page, request }) => {
    test.setTimeout(180_000);
    const run = `${layout.name[0]}${Date.now().toString(36).slice(-5)}`;
    const [a, b, c, long] = [
      customer('Anna', run),
      customer('Bruno', run),
      customer('Carla', run),
      customer('Lungo', run),
    ];
    for (const who of [a, b, c]) {
      for (let i = 1; i <= 3; i++) await customerSays(request, who.phone, who.name, `${who.marker} messaggio ${i}`);
    }
    // a long history sent in a burst: many messages share the same second, as real bursts do
    for (let i = 1; i <= 56; i++)
      await customerSays(request, long.phone, long.name, `${long.marker} riga ${String(i).padStart(2, '0')}`);
    const longId = await conversationOf(request, long.phone);
    await expect.poll(async () => (await serverTexts(request, longId)).length, { timeout: 30_000 }).toBe(56);
    const aId = await conversationOf(request, a.phone);

    await page.setViewportSize({ width: layout.width, height: layout.height });
    await signIn(page);
    const phoneLayout = layout.width < 768;

    await openByName(page, a, phoneLayout);
    await expectOnly(page, a, 3, 'messaggio 3');
    await openByName(page, b, phoneLayout);
    await expectOnly(page, b, 3, 'messaggio 3');

    // the customer of the chat just left writes while another chat is open
    await customerSays(request, a.phone, a.name, `${a.marker} scritto dopo`);
    await expect
      .poll(async () => (await serverTexts(request, aId)).some((t) => t.includes('scritto dopo')), { timeout: 15_000 })
      .toBe(true);
    // a positive signal that live events for this chat have arrived before asserting the other's absence
    await customerSays(request, b.phone, b.name, `${b.marker} anche io`);
    await expect(page.getByTestId('message').filter({ hasText: 'anche io' })).toBeVisible();
    await expectOnly(page, b, 4, 'anche io');

    // the long chat: the latest page, then every older page as the operator scrolls up
    await openByName(page, long, phoneLayout);
    await expect(page.getByTestId('message').filter({ hasText: 'riga 56' })).toBeVisible();
    await expect(async () => {
      await page.getByTestId('messages').evaluate((el) => (el.scrollTop = 0));
      await expect(page.getByTestId('messages').getByTestId('message')).toHaveCount(56, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expectOnly(page, long, 56, 'riga 56');
    const shown = await page.getByTestId('messages').getByTestId('message').allInnerTexts();
    for (let i = 1; i <= 56; i++)
      expect(
        shown.some((t) => t.includes(`riga ${String(i).padStart(2, '0')}`)),
        `riga ${i}`,
      ).toBe(true);

    // back to the first chat: its live message is there, nothing from the long one
    await openByName(page, a, phoneLayout);
    await expect(page.getByTestId('message').filter({ hasText: 'scritto dopo' })).toBeVisible();
    await expectOnly(page, a, 4, 'scritto dopo');
    await openByName(page, c, phoneLayout);
    await expectOnly(page, c, 3, 'messaggio 3');
    await openByName(page, b, phoneLayout);
    await expectOnly(page, b, 4, 'anche io');
  });
}
