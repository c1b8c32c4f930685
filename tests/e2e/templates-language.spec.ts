/**
 * The composer's template picker lists a template once, with its approved languages as chips, and
 * pre-selects the translation the server's resolver would send this contact: the contact's language,
 * else the language of the phone prefix's country; the operator can switch. Both at 1024×768.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, conversationOf, customerPhone, customerSays, signIn } from './helpers.ts';

async function approvedBilingual(request: APIRequestContext, name: string) {
  const auth = { authorization: `Bearer ${await apiToken(request)}` };
  const texts = {
    it: 'Ciao %%FIRST_NAME%%, il tuo ordine è pronto per il ritiro in negozio.',
    en: 'Hi %%FIRST_NAME%%, your order is ready for pickup at the shop.',
  };
  for (const [language, text] of Object.entries(texts)) {
    const r = await request.post('/api/v1/templates', {
      headers: auth,
      data: {
        name,
        category: 'UTILITY',
        language,
        default_language: 'it',
        examples: { first_name: 'Anna' },
        components: [{ type: 'BODY', text }],
      },
    });
    expect(r.status(), await r.text()).toBe(201);
    const id = ((await r.json()) as { template: { id: string } }).template.id;
    const s = await request.post(`/api/v1/templates/${id}/submit`, { headers: auth, data: {} });
    expect(s.status(), await s.text()).toBe(200);
  }
  await expect(async () => {
    const r = await request.get(`/api/v1/templates?name=${name}`, { headers: auth });
    const items = ((await r.json()) as { items: Array<{ language: string; status: string }> }).items;
    expect(items.map((i) => `${i.language}:${i.status}`).sort()).toEqual(['en:APPROVED', 'it:APPROVED']);
  }).toPass({ timeout: 30_000 });
  return auth;
}

async function openPicker(page: Page, conv: string, name: string) {
  await page.goto(`/#/c/${conv}`);
  await expect(page.getByTestId('window-closed')).toBeVisible();
  await page.getByTestId('choose-template').click();
  const picker = page.getByTestId('template-picker');
  await picker.getByTestId('template-search').fill(name);
  // one entry for the template, its two approved languages as chips
  const option = picker.locator(`[data-testid="template-option"][data-name="${name}"]`);
  await expect(option).toHaveCount(1);
  await expect(option.getByTestId('template-option-language')).toHaveText(['en', 'it']);
  await option.click();
  return picker;
}

test.use({ viewport: { width: 1024, height: 768 } });

test('the picker pre-selects the contact’s translation: language en → English, +39 without language → Italian', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const name = `ritiro_${Date.now().toString(36)}`;
  const auth = await approvedBilingual(request, name);

  // two Italian numbers, one whose contact says English
  const english = customerPhone();
  const italian = customerPhone();
  await customerSays(request, english, `John Smith ${english.slice(-4)}`, 'Hello', { agoSeconds: 26 * 3600 });
  await customerSays(request, italian, `Lucia Bruni ${italian.slice(-4)}`, 'Ciao', { agoSeconds: 26 * 3600 });
  const convEn = await conversationOf(request, english);
  const convIt = await conversationOf(request, italian);
  const contactId = (
    (await (await request.get(`/api/v1/conversations/${convEn}`, { headers: auth })).json()) as { contact: string }
  ).contact;
  const patched = await request.patch(`/api/v1/contacts/${contactId}`, { headers: auth, data: { language: 'en' } });
  expect(patched.status(), await patched.text()).toBe(200);

  await signIn(page);
  let picker = await openPicker(page, convEn, name);
  await expect(picker.locator('[data-testid="template-language"][data-selected="true"]')).toHaveAttribute(
    'data-language',
    'en',
  );
  await expect(picker.getByTestId('template-preview')).toContainText('Hi John, your order is ready');
  await page.screenshot({ path: 'test-results/templates-picker-en-1024.png' });
  // the operator may switch, and back
  await picker.locator('[data-testid="template-language"][data-language="it"]').click();
  await expect(picker.getByTestId('template-preview')).toContainText('Ciao John, il tuo ordine');
  await picker.locator('[data-testid="template-language"][data-language="en"]').click();
  await expect(picker.getByTestId('template-preview')).toContainText('Hi John');
  await picker.getByTestId('template-send').click();
  await expect(async () => {
    const r = await request.get(`/sandbox/customer/${english}/messages`);
    const items = (
      (await r.json()) as {
        data: Array<{ kind: string; direction: string; type?: string; rendered?: { body: string } }>;
      }
    ).data;
    const tpl = items.find((i) => i.kind === 'message' && i.direction === 'outbound' && i.type === 'template');
    expect(tpl?.rendered?.body).toBe('Hi John, your order is ready for pickup at the shop.');
  }).toPass({ timeout: 15_000 });

  picker = await openPicker(page, convIt, name);
  await expect(picker.locator('[data-testid="template-language"][data-selected="true"]')).toHaveAttribute(
    'data-language',
    'it',
  );
  await expect(picker.getByTestId('template-preview')).toContainText('Ciao Lucia, il tuo ordine è pronto');
  await page.screenshot({ path: 'test-results/templates-picker-it-1024.png' });
});
