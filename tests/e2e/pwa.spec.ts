/**
 * The installable PWA in Debian's Chromium at phone size: manifest + service worker (installability
 * criteria checked by Chromium itself), a push delivered to the worker through the DevTools protocol
 * shows a notification whose click opens that chat, and reading + answering offline (the customer
 * receives the offline reply exactly once).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { apiToken, conversationOf, customerPhone, customerSays, signIn } from './helpers.ts';

async function controlledByWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
}

test('the manifest and service worker make Spunta installable', async ({ request }, testInfo) => {
  // Chromium never offers installation in an incognito-like context: use a real profile.
  const use = testInfo.project.use;
  const profile = mkdtempSync(join(tmpdir(), 'spunta-pwa-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...use.launchOptions,
    baseURL: use.baseURL!,
    viewport: { width: 360, height: 740 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  await controlledByWorker(page);
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({
    short_name: 'Spunta',
    display: 'standalone',
    start_url: '/#/',
    theme_color: '#0f766e',
    scope: '/',
  });
  const icons = manifest.icons as Array<{ sizes: string; purpose: string }>;
  for (const size of ['192x192', '512x512']) {
    expect(icons.some((i) => i.sizes === size && i.purpose === 'any')).toBe(true);
    expect(icons.some((i) => i.sizes === size && i.purpose === 'maskable')).toBe(true);
  }
  expect(manifest.shortcuts.map((s: { url: string }) => s.url)).toEqual(['/#/?tab=mine', '/#/?tab=unassigned']);
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: Array<{ errorId: string }>;
  };
  expect(installabilityErrors).toEqual([]);
  // the app shell is precached: the worker answers the navigation with no network at all
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByTestId('signin-email')).toBeVisible();
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});

test('a push shows a notification, and tapping it opens that chat', async ({ page, request }) => {
  const phone = customerPhone();
  await customerSays(request, phone, 'Notifica Test', 'Posso cambiare taglia?');
  const convId = await conversationOf(request, phone);
  await page.context().grantPermissions(['notifications']);
  await signIn(page);
  await controlledByWorker(page);

  const cdp = await page.context().newCDPSession(page);
  const registrationId = await new Promise<string>((resolve) => {
    cdp.on(
      'ServiceWorker.workerRegistrationUpdated',
      (e: { registrations: Array<{ registrationId: string; isDeleted: boolean }> }) => {
        const r = e.registrations.find((x) => !x.isDeleted);
        if (r) resolve(r.registrationId);
      },
    );
    void cdp.send('ServiceWorker.enable');
  });
  const payload = {
    title: 'Notifica Test',
    body: 'Posso cambiare taglia?',
    conversationId: convId,
    tag: `conv-${convId}`,
    url: `/#/c/${convId}`,
  };
  const deliver = () =>
    cdp.send('ServiceWorker.deliverPushMessage', {
      origin: new URL(page.url()).origin,
      registrationId,
      data: JSON.stringify(payload),
    });
  await deliver();

  // A push injected through DevTools is occasionally dropped by a busy Chromium before the worker sees it
  // (seen once in CI: no notification at all). A real push service retries delivery; here the test does: the
  // same tag replaces, so a second delivery cannot show two notifications.
  const shown = async () => {
    const list = await page.evaluate(async (tag) => {
      const found = await (await navigator.serviceWorker.ready).getNotifications({ tag });
      return found.map((n) => ({ title: n.title, body: n.body, data: n.data as unknown }));
    }, `conv-${convId}`);
    if (!list.length) await deliver();
    return list;
  };
  await expect.poll(shown, { timeout: 30_000 }).toEqual([
    {
      title: 'Notifica Test',
      body: 'Posso cambiare taglia?',
      data: { url: `/#/c/${convId}`, conversationId: convId },
    },
  ]);

  // Tap: the worker's notificationclick handler runs with the real notification.
  const worker = page.context().serviceWorkers()[0]!;
  await worker.evaluate(async (tag) => {
    // runs inside the service worker (WebWorker globals, not in this file's DOM typings)
    const sw = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
    const Ctor = (
      self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }
    ).NotificationEvent;
    const [notification] = await sw.registration.getNotifications({ tag });
    sw.dispatchEvent(new Ctor('notificationclick', { notification: notification! }));
  }, `conv-${convId}`);
  await expect(page).toHaveURL(new RegExp(`#/c/${convId}$`));
  await expect(page.getByTestId('bubble').filter({ hasText: 'Posso cambiare taglia?' })).toBeVisible();
});

test('reads and answers offline; the customer gets the reply exactly once', async ({ page, request }) => {
  const phone = customerPhone();
  await customerSays(request, phone, 'Cliente Offline', 'Siete aperti domani?');
  const convId = await conversationOf(request, phone);
  await signIn(page);
  await controlledByWorker(page);
  // the device copy is filled while online
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-notifications').click();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('last-sync')).not.toContainText(/never|mai/);
  await page.screenshot({ path: 'docs/screenshots/settings-notifications.png' });

  await page.context().setOffline(true);
  await page.goto('/#/');
  await page.reload();
  await expect(page.getByTestId('offline')).toBeVisible();
  await expect(page.getByTestId('offline')).toContainText(/synced|sincronizzato/);
  await page.getByText('Cliente Offline').click();
  await expect(page).toHaveURL(new RegExp(`#/c/${convId}`));
  await expect(page.getByTestId('bubble').filter({ hasText: 'Siete aperti domani?' })).toBeVisible();

  const reply = `Sì, dalle 9 alle 19 (offline ${Date.now()})`;
  await page.getByTestId('composer-input').fill(reply);
  await page.getByTestId('composer-send').click();
  const bubble = page.getByTestId('bubble').filter({ hasText: reply });
  await expect(bubble).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/offline-chat.png' });
  const admin = await apiToken(request);
  const before = await request.get(`/api/v1/conversations/${convId}/messages`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(((await before.json()) as { items: Array<{ preview: string }> }).items.some((m) => m.preview === reply)).toBe(
    false,
  );

  await page.context().setOffline(false);
  await expect(page.getByTestId('offline')).toBeHidden();
  const received = async () => {
    const r = await request.get(`/sandbox/customer/${phone}/messages`);
    const { data } = (await r.json()) as {
      data: Array<{ kind: string; direction: string; message?: { text?: { body?: string } } }>;
    };
    return data.filter((i) => i.kind === 'message' && i.direction === 'outbound' && i.message?.text?.body === reply)
      .length;
  };
  await expect.poll(received, { timeout: 20_000 }).toBe(1);
  // settled: the customer's phone has reported it back (delivered or read) — and it is still once,
  // because the page and the service worker share the Idempotency-Key
  await expect(page.locator('[data-testid="message"]', { hasText: reply })).toHaveAttribute(
    'data-status',
    /delivered|read/,
  );
  expect(await received()).toBe(1);
});
