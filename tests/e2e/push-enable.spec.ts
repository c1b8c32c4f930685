/**
 * Enabling push never hangs, and the PWA prompts never cover the navigation or the composer.
 * The browser's push service is replaced in the page by one that never answers the first time
 * (what a blocked FCM looks like) and answers the second.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { customerPhone, customerSays, openChat, signIn } from './helpers.ts';

const SHOTS = join(import.meta.dirname, '../../test-results/pwa-prompts');

async function boxesOverlap(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) throw new Error('not on screen');
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

test('a push subscription that never completes times out with a clear message and a retry that works', async ({
  page,
}) => {
  await page.context().grantPermissions(['notifications']);
  const keys = {
    p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
  await page.addInitScript((keys) => {
    let calls = 0;
    let current: PushSubscription | null = null;
    const endpoint = `https://fcm.googleapis.com/fcm/send/e2e-${Math.random().toString(36).slice(2)}`;
    const fake = {
      endpoint,
      toJSON: () => ({ endpoint, keys }),
      unsubscribe: async () => ((current = null), true),
    } as unknown as PushSubscription;
    PushManager.prototype.subscribe = () => {
      calls++;
      if (calls === 1) return new Promise<PushSubscription>(() => undefined); // the push service never answers
      current = fake;
      return Promise.resolve(fake);
    };
    PushManager.prototype.getSubscription = () => Promise.resolve(current);
  }, keys);
  await page.clock.install();
  await signIn(page);
  await page.goto('/#/settings/notifications');
  await page.evaluate(() => navigator.serviceWorker.ready);

  await page.getByTestId('push-enable').click();
  await expect(page.getByTestId('push-enabling')).toBeVisible();
  await page.clock.fastForward(20_500);
  const failed = page.getByTestId('push-failed');
  await expect(failed).toContainText('did not answer within 20 seconds');
  await expect(page.getByTestId('push-enabling')).toHaveCount(0);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'push-timeout.png') });

  await page.getByTestId('push-retry').click();
  await expect(page.getByTestId('push-on')).toBeVisible();
  await expect(failed).toHaveCount(0);
  // leave no subscription behind: the server would try to reach this made-up endpoint
  await page.getByTestId('push-disable').click();
  await expect(page.getByTestId('push-enable')).toBeVisible();
});

async function offerInstall(page: Page) {
  // what Chromium fires when the app is installable; install.ts keeps it for the "Install app" button
  await page.evaluate(() => {
    const e = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: async () => undefined,
      userChoice: Promise.resolve({ outcome: 'dismissed' }),
    });
    window.dispatchEvent(e);
  });
  await expect(page.getByTestId('install-prompt')).toBeVisible();
}

test('the install banner never covers the bottom navigation nor the composer (360×740)', async ({ page, request }) => {
  mkdirSync(SHOTS, { recursive: true });
  const phone = customerPhone();
  await customerSays(request, phone, 'Banner Check', 'Ciao, siete aperti domani?');
  await signIn(page);
  await offerInstall(page);
  const prompt = page.getByTestId('install-prompt');
  const nav = page.getByTestId('app-nav');
  await expect(nav).toBeVisible();
  expect(await boxesOverlap(prompt, nav)).toBe(false);
  await page.screenshot({ path: join(SHOTS, 'install-banner-list.png') });
  // every tab of the navigation still takes a tap (Playwright refuses to click a covered element)
  await page.getByTestId('nav-contacts').click();
  await expect(page).toHaveURL(/#\/contacts/);
  await page.getByTestId('nav-chats').click();

  await openChat(page, 'Banner Check');
  const composer = page.getByTestId('composer');
  await expect(composer).toBeVisible();
  expect(await boxesOverlap(prompt, composer)).toBe(false);
  await page.screenshot({ path: join(SHOTS, 'install-banner-chat.png') });
  await page.getByTestId('composer-input').fill('Sì, dalle 9 alle 19.');
  await page.getByTestId('composer-send').click();
  await expect(page.getByText('Sì, dalle 9 alle 19.')).toBeVisible();
});
