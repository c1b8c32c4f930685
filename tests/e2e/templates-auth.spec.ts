/**
 * An authentication template in the editor: choosing the category swaps the free text for Meta's fixed shape
 * (security recommendation, code expiry, one code button), the preview shows Meta's text, the shared rules
 * speak as the options change, and the sandbox reviewer approves the submission. At 1024×768 and 360×740.
 */
import { expect, test } from '@playwright/test';
import { signIn } from './helpers.ts';

test.describe('at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("write a copy-code authentication template, check one-tap's rules, submit, approved", async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page);
    await page.goto('/#/templates/new');
    await page.getByTestId('tpl-name').fill(`codice_${Date.now().toString(36)}`);
    await page.getByTestId('tpl-category-authentication').check();

    // Meta writes the text: no body to type, the options instead
    await expect(page.getByTestId('tpl-auth')).toBeVisible();
    await expect(page.getByTestId('tpl-body')).toHaveCount(0);
    const bubble = page.getByTestId('tpl-preview-bubble');
    await expect(bubble).toContainText(
      '123456 è il tuo codice di verifica. Per la tua sicurezza, non condividere questo codice.',
    );
    await expect(bubble).toContainText('Questo codice scade tra 10 minuti.');
    await expect(page.getByTestId('tpl-preview-button')).toHaveText(['Copia codice']);
    await expect(page.getByTestId('tpl-rules-ok')).toBeVisible();

    // the shared rules: expiry range, one-tap's Android app
    await page.getByTestId('tpl-auth-expiry').fill('120');
    await expect(page.locator('[data-testid="tpl-rule"][data-rule="auth.expiry"]')).toContainText('1 to 90');
    await page.getByTestId('tpl-auth-expiry').fill('5');
    await expect(bubble).toContainText('Questo codice scade tra 5 minuti.');
    await page.getByTestId('tpl-auth-otp-one_tap').check();
    await expect(page.locator('[data-testid="tpl-rule"][data-rule="auth.package_name"]')).toBeVisible();
    await page.getByTestId('tpl-auth-package').fill('it.negozio.app');
    await page.getByTestId('tpl-auth-hash').fill('K8a/AINcGX7');
    await expect(page.getByTestId('tpl-rules-ok')).toBeVisible();
    await expect(page.getByTestId('tpl-preview-button')).toHaveText(['Compilazione automatica']);
    await page.getByTestId('tpl-auth-otp-copy_code').check();
    await page.getByTestId('tpl-auth-security').uncheck();
    await expect(bubble).not.toContainText('sicurezza');
    await page.getByTestId('tpl-auth-button-text').fill('Copia il codice');
    await expect(page.getByTestId('tpl-preview-button')).toHaveText(['Copia il codice']);
    await page.screenshot({ path: 'test-results/templates-auth-1024.png' });

    await page.getByTestId('tpl-submit').click();
    await expect(page).toHaveURL(/#\/templates\/[a-z0-9]{15}$/);
    await expect(page.getByTestId('tpl-lang-status')).toHaveText(['Approved'], { timeout: 30_000 });
    // reopened from the server: still the authentication form with its options
    await page.reload();
    await expect(page.getByTestId('tpl-auth-expiry')).toHaveValue('5');
    await expect(page.getByTestId('tpl-auth-security')).not.toBeChecked();
    await expect(page.getByTestId('tpl-preview-button')).toHaveText(['Copia il codice']);
  });
});

test('the authentication form on a phone (360×740)', async ({ page }) => {
  await signIn(page);
  await page.goto('/#/templates/new');
  await page.getByTestId('tpl-category-authentication').check();
  await page.getByTestId('tpl-auth-otp-one_tap').check();
  await expect(page.getByTestId('tpl-auth-package')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByTestId('tpl-auth').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/templates-auth-360.png' });
});
