/**
 * The hardened edge as a user meets it: protected chat media still render (and offline), the app runs
 * under its Content-Security-Policy, "sign out on all devices" ends the other sessions, admins back up
 * from Settings.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiToken, customerPhone, openChat, signIn } from './helpers.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function controlledByWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 });
}

/** Collects Content-Security-Policy violations the page reports. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test("a customer's photo shows through a short-lived file token, offline too; the bare URL is refused", async ({
  page,
  request,
}) => {
  const violations = cspViolations(page);
  const phone = customerPhone();
  const name = `Foto ${phone.slice(-4)}`;
  const sent = await request.post('/sandbox/customer/messages', {
    data: {
      from: phone,
      name,
      type: 'image',
      media: { data: PNG.toString('base64'), mimeType: 'image/png' },
      caption: 'la crepa sul divano',
    },
  });
  expect(sent.ok(), await sent.text()).toBe(true);
  await signIn(page);
  await controlledByWorker(page);
  await openChat(page, name);
  const img = page.locator('[data-testid="message"][data-type="image"] img');
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  const src = (await img.getAttribute('src')) ?? '';
  expect(src).toMatch(/\/pb\/api\/files\/.+\?token=/);

  const bare = await request.get(src.replace(/\?.*$/, ''));
  expect([403, 404]).toContain(bare.status());
  expect(Buffer.from(await bare.body()).equals(PNG)).toBe(false);

  // offline: no file token can be had, the service worker answers from its media cache
  await page.goto('/#/settings/notifications');
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('last-sync')).not.toContainText(/never|mai/);
  await page.context().setOffline(true);
  await page.goto('/#/');
  await page.reload();
  // the network is really gone for the page (its requests fail)
  expect(
    await page.evaluate(() =>
      fetch('/api/health').then(
        () => 'reached',
        () => 'unreachable',
      ),
    ),
  ).toBe('unreachable');
  await page.getByText(name).click();
  const offlineImg = page.locator('[data-testid="message"][data-type="image"] img');
  await expect(offlineImg).toBeVisible();
  await expect
    .poll(() => offlineImg.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
    .toBeGreaterThan(0);
  await page.context().setOffline(false);
  expect(violations).toEqual([]);
});

test('the app shell is served with its security headers and runs without CSP violations', async ({ page, request }) => {
  const violations = cspViolations(page);
  const shell = await request.get('/');
  expect(shell.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(shell.headers()['x-frame-options']).toBe('DENY');
  expect(shell.headers()['x-content-type-options']).toBe('nosniff');
  expect(shell.headers()['referrer-policy']).toBe('same-origin');
  await signIn(page);
  await page.goto('/#/settings/account');
  await expect(page.getByTestId('sign-out-everywhere')).toBeVisible();
  await page.screenshot({ path: 'test-results/account-360.png', fullPage: true });
  await page.goto('/#/contacts');
  await expect(page.locator('main')).toBeVisible();
  // the customer phone page keeps its own policy and works
  await page.goto('/sandbox/');
  await expect(page.locator('body')).toBeVisible();
  expect(violations).toEqual([]);
});

test('"sign out on all devices" ends the other sessions too', async ({ browser, request }) => {
  const admin = await apiToken(request);
  const email = `everywhere-${Date.now().toString(36)}@e2e.local`;
  const password = 'e2e-password-123';
  const created = await request.post('/api/v1/users', {
    headers: { authorization: `Bearer ${admin}` },
    data: { email, password, role: 'operator', name: 'Everywhere Tester', see_unassigned: true },
  });
  expect(created.status()).toBe(201);
  const phoneCtx = await browser.newContext();
  const laptopCtx = await browser.newContext();
  const phonePage = await phoneCtx.newPage();
  const laptop = await laptopCtx.newPage();
  await signIn(phonePage, email, password);
  await signIn(laptop, email, password);
  const laptopToken = await laptop.evaluate(
    () => (JSON.parse(localStorage.getItem('spunta.session') ?? '{}') as { token?: string }).token ?? '',
  );
  expect(laptopToken).not.toBe('');
  const asLaptop = () => request.get('/api/v1/conversations', { headers: { authorization: `Bearer ${laptopToken}` } });
  expect((await asLaptop()).status()).toBe(200);

  await phonePage.goto('/#/settings/account');
  phonePage.once('dialog', (d) => void d.accept());
  await phonePage.getByTestId('sign-out-everywhere').click();
  await expect(phonePage.getByTestId('signin-form')).toBeVisible();

  // the laptop's token is dead on the server at once…
  expect((await asLaptop()).status()).toBe(401);
  // …and the laptop, reloaded, is back at sign-in (with the "session expired" notice, or plain when the
  // app finds the token dead before it has a session to expire)
  await laptop.reload();
  await expect(laptop.getByTestId('signin-form').or(laptop.getByTestId('session-expired')).first()).toBeVisible({
    timeout: 20_000,
  });
  await expect(laptop.getByTestId('conversation-list')).toBeHidden();
  await phoneCtx.close();
  await laptopCtx.close();
});

test('an admin backs up from Settings', async ({ page }) => {
  await signIn(page);
  await page.goto('/#/settings/backups');
  await expect(page.getByRole('heading', { level: 2, name: /Backups/ })).toBeVisible();
  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backup-row').first()).toContainText(/spunta-\d{8}-\d{6}/);
  await expect(page.getByText('npm run restore --')).toBeVisible();
  await page.screenshot({ path: 'test-results/backups-360.png', fullPage: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: 'test-results/backups-1024.png', fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByTestId('backup-row').first().getByRole('button').click();
  expect((await download).suggestedFilename()).toMatch(/^spunta-.*\.tar\.gz$/);
});
