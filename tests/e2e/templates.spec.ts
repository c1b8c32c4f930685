/**
 * The templates studio on a tablet (1024×768): an admin writes a bilingual template with an image header and
 * two quick replies, watches the live preview, submits it, sees the sandbox reviewer approve it, and sends it
 * from the composer to a customer whose 24-hour window is closed; a rejection shows Meta's reason. Also
 * checked at 360×740. Screenshots of the editor and preview land in test-results/.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiToken, conversationOf, customerPhone, customerSays, signIn } from './helpers.ts';

// a 2×2 PNG (red)
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDgLmXfQAAAABJRU5ErkJggg==',
  'base64',
);

async function fillLanguage(page: Page, body: string, replies: [string, string], footer: string) {
  const bodyBox = page.getByTestId('tpl-body');
  await bodyBox.fill(body);
  // the field menu inserts %%FIRST_NAME%% at the caret: after "Ciao " / "Hi "
  await bodyBox.evaluate((el: HTMLTextAreaElement) => {
    const at = el.value.indexOf(' ') + 1;
    el.focus();
    el.setSelectionRange(at, at);
  });
  await page.getByTestId('tpl-field-menu').selectOption('FIRST_NAME');
  await page.getByTestId('tpl-footer').fill(footer);
  const texts = page.getByTestId('tpl-button-text');
  for (const [i, text] of replies.entries()) {
    if ((await texts.count()) <= i) await page.getByTestId('tpl-add-button').selectOption('QUICK_REPLY');
    await texts.nth(i).fill(text);
  }
}

test.describe('templates studio at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('write a bilingual template with an image header, preview, submit, approved, send it to a closed window', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const phone = customerPhone();
    const customer = `Marta Chiusa ${phone.slice(-4)}`;
    await customerSays(request, phone, customer, 'Ciao, ci sentiamo', { agoSeconds: 26 * 3600 });
    const conv = await conversationOf(request, phone);
    const name = `saldi_${Date.now().toString(36)}`;

    await signIn(page);
    await page.getByTestId('nav-templates').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Message templates');
    await page.getByTestId('tpl-new').click();

    // the name is checked as it is typed
    await page.getByTestId('tpl-name').fill('Saldi Estate');
    await expect(page.getByTestId('tpl-name-error')).toContainText('lowercase letters');
    await page.getByTestId('tpl-name').fill(name);
    await expect(page.getByTestId('tpl-name-error')).toHaveCount(0);
    await page.getByTestId('tpl-category-marketing').check();

    // Italian: image header, body with a field from the menu, two quick replies
    await page.getByTestId('tpl-header-image').check();
    await expect(page.getByTestId('tpl-rule').filter({ hasText: 'upload a sample image' })).toBeVisible();
    await page.getByTestId('tpl-sample').setInputFiles({ name: 'saldi.png', mimeType: 'image/png', buffer: PNG });
    await fillLanguage(
      page,
      'Ciao , i saldi estivi sono iniziati: passa in negozio a scoprirli!',
      ['Mi interessa', 'No grazie'],
      'Scrivi STOP per non ricevere più offerte',
    );
    await expect(page.getByTestId('tpl-body')).toHaveValue(
      'Ciao %%FIRST_NAME%%, i saldi estivi sono iniziati: passa in negozio a scoprirli!',
    );
    // a rule breaks live, and its message names it
    await page.getByTestId('tpl-button-text').nth(0).fill('Mi interessa 👍');
    await expect(page.getByTestId('tpl-rule').filter({ hasText: 'no emoji in buttons' })).toBeVisible();
    await page.getByTestId('tpl-button-text').nth(0).fill('Mi interessa');
    await expect(page.getByTestId('tpl-rule').filter({ hasText: 'give an example value' })).toBeVisible();
    await page
      .getByTestId('tpl-param')
      .filter({ has: page.locator('[data-key="first_name"]') })
      .or(page.locator('[data-testid="tpl-param"][data-key="first_name"]'))
      .first()
      .getByTestId('tpl-example')
      .fill('Giulia');
    await expect(page.getByTestId('tpl-rules-ok')).toBeVisible();

    // the live preview: image, text with the example, footer, both buttons
    const preview = page.getByTestId('tpl-preview');
    await expect(preview.getByTestId('tpl-preview-media').locator('img')).toBeVisible();
    await expect(preview.getByTestId('tpl-preview-bubble')).toContainText('Ciao Giulia, i saldi estivi sono iniziati');
    await expect(preview.getByTestId('tpl-preview-bubble')).toContainText('Scrivi STOP');
    await expect(preview.getByTestId('tpl-preview-button')).toHaveText(['Mi interessa', 'No grazie']);

    // English: a second tab that starts from the Italian structure
    await page.getByTestId('tpl-add-language').selectOption('en');
    await expect(page.getByTestId('tpl-lang-tab')).toHaveCount(2);
    await fillLanguage(
      page,
      'Hi , our summer sale has started: come to the shop and have a look!',
      ['Interested', 'No thanks'],
      'Reply STOP to opt out',
    );
    await expect(preview.getByTestId('tpl-preview-bubble')).toContainText('Hi Giulia, our summer sale has started');
    await expect(preview).toHaveAttribute('lang', 'en');
    await page.screenshot({ path: 'test-results/templates-editor-1024.png' });
    await page.getByTestId('tpl-preview-dark').click();
    await expect(preview).toHaveAttribute('data-theme', 'dark');
    await preview.screenshot({ path: 'test-results/templates-preview-dark.png' });
    await page.getByTestId('tpl-preview-light').click();
    await preview.screenshot({ path: 'test-results/templates-preview-light.png' });

    // submit both languages; the sandbox reviewer approves them and the tabs say so
    await page.getByTestId('tpl-submit').click();
    await expect(page).toHaveURL(/#\/templates\/[a-z0-9]{15}$/);
    const statuses = page.getByTestId('tpl-lang-status');
    await expect(statuses).toHaveText(['Approved', 'Approved'], { timeout: 30_000 });
    await expect(page.getByTestId('tpl-history')).toBeVisible();
    await page.screenshot({ path: 'test-results/templates-approved-1024.png' });

    // the operator's composer in the closed-window chat offers it; the first name comes from the contact
    await page.goto(`/#/c/${conv}`);
    await expect(page.getByTestId('window-closed')).toBeVisible();
    await page.getByTestId('choose-template').click();
    const picker = page.getByTestId('template-picker');
    await picker.getByTestId('template-search').fill(name);
    await picker.locator(`[data-testid="template-option"][data-name="${name}"]`).click();
    await expect(picker.locator('[data-testid="template-language"][data-selected="true"]')).toHaveAttribute(
      'data-language',
      'it',
    );
    await expect(picker.getByTestId('template-param').first()).toHaveValue('Marta');
    await expect(picker.getByTestId('template-preview')).toContainText('Ciao Marta, i saldi estivi');
    await picker.getByTestId('template-send').click();
    await expect(page.locator('[data-testid="message"][data-type="template"]').last()).toContainText('i saldi estivi');
    await expect(async () => {
      const r = await request.get(`/sandbox/customer/${phone}/messages`);
      const items = (
        (await r.json()) as {
          data: Array<{
            kind: string;
            direction: string;
            type?: string;
            rendered?: { body: string; header?: { format: string } };
          }>;
        }
      ).data;
      const tpl = items.find((i) => i.kind === 'message' && i.direction === 'outbound' && i.type === 'template');
      expect(tpl?.rendered?.body).toBe('Ciao Marta, i saldi estivi sono iniziati: passa in negozio a scoprirli!');
      expect(tpl?.rendered?.header?.format).toBe('IMAGE');
    }).toPass({ timeout: 15_000 });
  });

  test('a rejected template shows Meta’s reason and what to change', async ({ page, request }) => {
    const token = await apiToken(request);
    const auth = { authorization: `Bearer ${token}` };
    const name = `avviso_${Date.now().toString(36)}`;
    const created = await request.post('/api/v1/templates', {
      headers: auth,
      data: {
        name,
        category: 'UTILITY',
        language: 'it',
        examples: { first_name: 'Anna' },
        components: [
          { type: 'BODY', text: 'Ciao %%FIRST_NAME%%, solo oggi uno sconto del 30% su tutto il negozio online.' },
        ],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = ((await created.json()) as { template: { id: string } }).template.id;
    expect((await request.post(`/api/v1/templates/${id}/submit`, { headers: auth, data: {} })).status()).toBe(200);

    await signIn(page);
    await page.goto(`/#/templates/${id}`);
    await expect(page.getByTestId('tpl-lang-status')).toHaveText(['Rejected'], { timeout: 30_000 });
    const box = page.getByTestId('tpl-rejection');
    await expect(box.getByTestId('tpl-rejection-reason')).toContainText('category does not match');
    await expect(box.getByTestId('tpl-recommendation')).toContainText('allowing Meta to change the category');
    await page.screenshot({ path: 'test-results/templates-rejected-1024.png' });
  });
});

test('the editor works on a phone (360×740)', async ({ page }) => {
  await signIn(page);
  await page.goto('/#/templates/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New template');
  await expect(page.locator('main')).toHaveCount(1);
  await page.getByTestId('tpl-name').fill('promo_mobile');
  await page.getByTestId('tpl-body').fill('Ciao, da oggi trovi le novità della stagione nel nostro negozio.');
  await expect(page.getByTestId('tpl-preview-bubble')).toContainText('novità della stagione');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.getByTestId('tpl-header-image').check();
  await page.getByTestId('tpl-header-image').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/templates-editor-360.png' });
  await page.getByTestId('tpl-preview').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/templates-preview-360.png' });
});
