/**
 * Nothing is silently missing: whatever happens while the realtime subscription is not (yet) listening
 * — right after sign-in, right after opening a chat, while the network is away, while the phone kept
 * the app in the background — shows up without a reload, because every (re)subscription, the network
 * returning and the app coming back to the foreground resync what changed since the last read.
 * Realtime requests are held with Playwright routing to post at the worst moment.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiToken, conversationOf, customerPhone, customerSays, row, signIn } from './helpers.ts';

// the service worker would hide the page's requests from routing
test.use({ serviceWorkers: 'block' });

/** Holds the page's realtime requests matching `which` until released. */
async function holdRealtime(page: Page, which: (method: string, body: string) => boolean) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held = 0;
  await page.route('**/pb/api/realtime*', async (route) => {
    const req = route.request();
    if (!which(req.method(), req.postData() ?? '')) return route.fallback();
    held++;
    await gate;
    await route.fallback().catch(() => undefined); // the page may have given up on it meanwhile
  });
  return { release, held: () => held };
}

test('a chat that arrives while the inbox subscribes after sign-in shows up', async ({ page, request }) => {
  const hold = await holdRealtime(page, (method) => method === 'POST');
  await signIn(page);
  await expect(page.getByTestId('conversation-list')).toHaveAttribute('aria-busy', 'false');
  await expect.poll(hold.held).toBeGreaterThan(0); // the subscription is on its way, not yet active

  const phone = customerPhone();
  const name = `Worst moment ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Scrivo proprio adesso');
  await conversationOf(request, phone); // stored on the server
  hold.release();
  await expect(row(page, name)).toBeVisible({ timeout: 10_000 });
});

test('a message that arrives while an opened chat subscribes shows up in it', async ({ page, request }) => {
  const phone = customerPhone();
  const name = `Chat race ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Primo messaggio');
  const id = await conversationOf(request, phone);
  await signIn(page);
  await expect(row(page, name)).toBeVisible();
  // only the open chat's own message subscription is held
  const hold = await holdRealtime(page, (method, body) => method === 'POST' && body.includes('messages/'));
  await row(page, name).click();
  await expect(page.getByTestId('message').filter({ hasText: 'Primo messaggio' })).toBeVisible();
  await expect.poll(hold.held).toBeGreaterThan(0);

  await customerSays(request, phone, name, 'Secondo, mentre apri la chat');
  const admin = await apiToken(request);
  await expect
    .poll(async () => {
      const r = await request.get(`/api/v1/conversations/${id}/messages`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      return ((await r.json()) as { items: Array<{ preview: string }> }).items.some((m) =>
        m.preview.startsWith('Secondo'),
      );
    })
    .toBe(true);
  hold.release();
  await expect(page.getByTestId('message').filter({ hasText: 'Secondo, mentre apri la chat' })).toBeVisible({
    timeout: 10_000,
  });
});

/**
 * A phone that kept the app in the background often comes back with an event stream that died without
 * telling anyone: the page still thinks it is subscribed. `deafen` does exactly that to the page's
 * EventSource (closed, no error event), so only a resync can bring what happens next.
 */
async function trackEventSources(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.EventSource;
    const all: EventSource[] = [];
    (window as unknown as { __eventSources: EventSource[] }).__eventSources = all;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        all.push(this);
      }
    };
  });
}
const deafen = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __eventSources: EventSource[] }).__eventSources.forEach((e) => {
      e.close();
    }),
  );

test('the network returning and the app coming back to the foreground catch up with a silently dead event stream', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await trackEventSources(page);
  const phone = customerPhone();
  const name = `Away ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Ci sei?');
  const id = await conversationOf(request, phone);
  const admin = await apiToken(request);
  const stored = async (text: string) => {
    const r = await request.get(`/api/v1/conversations/${id}/messages`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    return ((await r.json()) as { items: Array<{ preview: string }> }).items.some((m) => m.preview === text);
  };
  await signIn(page);
  await row(page, name).click();
  await expect(page.getByTestId('message').filter({ hasText: 'Ci sei?' })).toBeVisible();
  await deafen(page);

  await customerSays(request, phone, name, 'Scritto mentre eri senza rete');
  const other = customerPhone();
  const otherName = `Away new ${other.slice(-4)}`;
  await customerSays(request, other, otherName, 'Nuova chat mentre eri senza rete');
  await conversationOf(request, other);
  await expect.poll(() => stored('Scritto mentre eri senza rete')).toBe(true);
  // the network drops and returns ("online")
  await page.context().setOffline(true);
  await expect(page.getByTestId('offline')).toBeVisible();
  await page.context().setOffline(false);
  await expect(page.getByTestId('message').filter({ hasText: 'Scritto mentre eri senza rete' })).toBeVisible({
    timeout: 10_000,
  });
  await expect(row(page, otherName)).toBeVisible();

  // still deaf; the customer writes again and the app comes back to the foreground
  await customerSays(request, phone, name, 'E adesso?');
  await expect.poll(() => stored('E adesso?')).toBe(true);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(page.getByTestId('message').filter({ hasText: 'E adesso?' })).toBeVisible({ timeout: 10_000 });
});
