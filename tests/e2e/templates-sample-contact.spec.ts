/**
 * "Examples from a sample contact" in the templates editor: the admin searches a contact and every
 * placeholder's example becomes what that contact would receive through the template's mapping (contact
 * fields, a fixed value); the preview shows it. At 1024×768 and 360×740.
 */
import { expect, test, type Page, type APIRequestContext } from '@playwright/test';
import { apiToken, customerPhone, signIn } from './helpers.ts';

async function sampleContact(request: APIRequestContext) {
  const tag = Date.now().toString(36);
  const last = `Campione${tag}`;
  const r = await request.post('/api/v1/contacts', {
    headers: { authorization: `Bearer ${await apiToken(request)}` },
    data: { phone: `+${customerPhone()}`, first_name: 'Ottavia', last_name: last, email: `ottavia.${tag}@example.com` },
  });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return { last };
}

async function fillFromSample(page: Page, last: string) {
  await page.goto('/#/templates/new');
  await page.getByTestId('tpl-name').fill(`campione_${Date.now().toString(36)}`);
  await page
    .getByTestId('tpl-body')
    .fill(
      'Ciao %%FIRST_NAME%%, la prenotazione a nome %%LAST_NAME%% è confermata: ti scriviamo a %%EMAIL%% dal %%NEGOZIO%% con i dettagli.',
    );
  const negozio = page.locator('[data-testid="tpl-param"][data-key="negozio"]');
  await negozio.getByTestId('tpl-source').selectOption('__value');
  await negozio.getByTestId('tpl-fixed').fill('Negozio Centro');
  await page.getByTestId('tpl-sample-contact').click();
  await page.getByTestId('tpl-sample-contact-search').fill(last);
  const option = page.getByTestId('tpl-sample-contact-option');
  await expect(option).toHaveCount(1);
  await expect(option).toContainText(`Ottavia ${last}`);
  await option.click();
}

test.describe('at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });
  test('the examples come from the picked contact through the mapping', async ({ page, request }) => {
    const { last } = await sampleContact(request);
    await signIn(page);
    await fillFromSample(page, last);
    const example = (key: string) =>
      page.locator(`[data-testid="tpl-param"][data-key="${key}"]`).getByTestId('tpl-example');
    await expect(example('first_name')).toHaveValue('Ottavia');
    await expect(example('last_name')).toHaveValue(last);
    await expect(example('email')).toHaveValue(/^ottavia\..+@example\.com$/);
    await expect(example('negozio')).toHaveValue('Negozio Centro');
    await expect(page.getByTestId('tpl-preview-bubble')).toContainText(
      `Ciao Ottavia, la prenotazione a nome ${last} è confermata: ti scriviamo a ottavia.`,
    );
    await expect(page.getByTestId('tpl-rules-ok')).toBeVisible();
    await page.screenshot({ path: 'test-results/templates-sample-contact-1024.png' });
  });
});

test('on a phone (360×740)', async ({ page, request }) => {
  const { last } = await sampleContact(request);
  await signIn(page);
  await fillFromSample(page, last);
  await expect(page.locator('[data-testid="tpl-param"][data-key="first_name"]').getByTestId('tpl-example')).toHaveValue(
    'Ottavia',
  );
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByTestId('tpl-sample-contact').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/templates-sample-contact-360.png' });
});
