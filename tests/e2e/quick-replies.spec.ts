/** Quick-reply shortcuts are validated in the form and on the server, with words saying what is allowed. */
import { expect, test } from '@playwright/test';
import { apiToken, signIn } from './helpers.ts';

const unique = () => Date.now().toString(36);

test('the server refuses a bad shortcut naming the allowed characters, and a taken one with 409', async ({
  request,
}) => {
  const token = await apiToken(request);
  const headers = { authorization: `Bearer ${token}` };
  const bad = await request.post('/api/v1/quick-replies', {
    headers,
    data: { shortcut: 'orari negozio', body: 'Siamo aperti 9–19.' },
  });
  expect(bad.status()).toBe(422);
  const err = ((await bad.json()) as { error: { code: string; message: string } }).error;
  expect(err.code).toBe('validation_failed');
  expect(err.message).toContain('lowercase letters a–z, digits 0–9, "_" and "-"');

  const shortcut = `orari-${unique()}`;
  const ok = await request.post('/api/v1/quick-replies', {
    headers,
    data: { shortcut: ` /${shortcut.toUpperCase()} `, body: 'Siamo aperti 9–19.' },
  });
  expect(ok.status(), await ok.text()).toBe(201);
  const created = (await ok.json()) as { id: string; shortcut: string };
  expect(created.shortcut).toBe(shortcut);

  const taken = await request.post('/api/v1/quick-replies', { headers, data: { shortcut, body: 'Altro testo' } });
  expect(taken.status()).toBe(409);
  expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('shortcut_taken');

  const badPatch = await request.patch(`/api/v1/quick-replies/${created.id}`, {
    headers,
    data: { shortcut: 'perché' },
  });
  expect(badPatch.status()).toBe(422);
  const empty = await request.post('/api/v1/quick-replies', { headers, data: { shortcut: 'x', body: '   ' } });
  expect(empty.status()).toBe(422);
});

test('the form explains the rule before sending, saves a good shortcut and shows a taken one next to the field', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/#/settings/quick-replies');
  const form = page.getByTestId('quick-reply-form');
  const shortcut = page.getByTestId('qr-shortcut');
  await shortcut.fill('orari negozio');
  await form.locator('textarea[name="body"]').fill('Siamo aperti dalle 9 alle 19.');
  let posted = 0;
  page.on('request', (r) => r.url().includes('/api/v1/quick-replies') && r.method() === 'POST' && posted++);
  await form.getByRole('button', { name: 'Save' }).click();
  // the browser's own validation stops it, with our sentence
  expect(await shortcut.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
  expect(await shortcut.evaluate((el: HTMLInputElement) => el.validationMessage)).toContain(
    'Lowercase letters a–z, digits 0–9, _ and - only',
  );
  await expect(page.getByTestId('qr-shortcut-hint')).toContainText('no spaces');

  const name = `orari-${unique()}`;
  await shortcut.fill(name);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('quick-reply').filter({ hasText: `/${name}` })).toBeVisible();
  expect(posted).toBe(1);

  await shortcut.fill(name);
  await form.locator('textarea[name="body"]').fill('Un altro testo');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('qr-shortcut-hint')).toHaveText(`Another quick reply already uses /${name}.`);
  await expect(shortcut).toHaveAttribute('aria-invalid', 'true');
});
