/**
 * Four languages: the browser's picks the first screen (and the manifest the install prompt reads),
 * a user's choice in Settings wins everywhere they sign in, and the server keeps it.
 */
import { expect, test, type Browser } from '@playwright/test';
import { apiToken, createUser, signIn } from './helpers.ts';

async function contextIn(browser: Browser, locale: string) {
  return browser.newContext({ locale, viewport: { width: 360, height: 740 }, timezoneId: 'Europe/Rome' });
}

for (const [locale, lang, title, manifestName] of [
  ['fr-FR', 'fr', 'Se connecter à Spunta', 'Spunta — boîte de réception d’équipe WhatsApp'],
  ['es-ES', 'es', 'Inicia sesión en Spunta', 'Spunta — bandeja de entrada de equipo para WhatsApp'],
  ['it-IT', 'it', 'Accedi a Spunta', 'Spunta — inbox di team per WhatsApp'],
] as const) {
  test(`a ${locale} browser gets the sign-in page and the app manifest in ${lang}`, async ({ browser }) => {
    const ctx = await contextIn(browser, locale);
    const page = await ctx.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', `/manifest.${lang}.webmanifest`);
    const manifest = await (await page.request.get(`/manifest.${lang}.webmanifest`)).json();
    expect(manifest).toMatchObject({ lang, name: manifestName, id: '/', start_url: '/#/' });
    // what Chromium itself would install: the manifest the page links now
    const cdp = await ctx.newCDPSession(page);
    await expect(async () => {
      const { url } = (await cdp.send('Page.getAppManifest')) as { url: string };
      expect(url).toMatch(new RegExp(`/manifest\\.${lang}\\.webmanifest$`));
    }).toPass();
    await ctx.close();
  });
}

test('the English manifest says lang "en" and its texts are English', async ({ request }) => {
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ lang: 'en', name: 'Spunta — WhatsApp team inbox' });
  expect(manifest.shortcuts.map((s: { name: string }) => s.name)).toEqual(['My chats', 'Unassigned']);
});

test('a user switches to Spanish in Settings; the server keeps it and it wins over the browser elsewhere', async ({
  browser,
  page,
  request,
}) => {
  const user = await createUser(request, 'operator', { name: 'Lucía Pérez' });
  await signIn(page, user.email, user.password);
  await expect(page.getByTestId('tab-mine')).toHaveText(/Mine/);
  await page.goto('/#/settings/account');
  await page.getByTestId('settings-language').selectOption('es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Configuración');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');

  // stored on the server, not only on this device
  const token = await apiToken(request, user.email, user.password);
  await expect(async () => {
    const me = (await (
      await request.get('/api/v1/users', { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: Array<{ id: string; language: string }> };
    expect(me.items.find((u) => u.id === user.id)?.language).toBe('es');
  }).toPass();

  // another device with a French browser: after sign-in the user's Spanish wins
  const other = await contextIn(browser, 'fr-FR');
  const phone = await other.newPage();
  await phone.goto('/');
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Se connecter à Spunta');
  await phone.getByTestId('signin-email').fill(user.email);
  await phone.getByTestId('signin-password').fill(user.password);
  await phone.getByTestId('signin-submit').click();
  await expect(phone.getByTestId('tab-mine')).toHaveText(/Míos/);
  await expect(phone.locator('html')).toHaveAttribute('lang', 'es');
  // a reload starts in Spanish straight away (the dictionary is loaded before the first render)
  await phone.reload();
  await expect(phone.getByTestId('tab-mine')).toHaveText(/Míos/);
  await other.close();

  // back to the browser's language
  await page.getByTestId('settings-language').selectOption('');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
});

test('the server refuses a language it does not know, with the one error shape', async ({ request }) => {
  const user = await createUser(request, 'viewer');
  const token = await apiToken(request, user.email, user.password);
  const r = await request.patch(`/api/v1/users/${user.id}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { language: 'de' },
  });
  expect(r.status()).toBe(422);
  expect(((await r.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  const ok = await request.patch(`/api/v1/users/${user.id}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { language: 'fr' },
  });
  expect(ok.status(), await ok.text()).toBe(200);
  expect(((await ok.json()) as { language: string }).language).toBe('fr');
});
