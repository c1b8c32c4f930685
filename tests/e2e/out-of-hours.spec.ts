/**
 * Out-of-hours reply end to end: on a tablet an admin sets business hours that are closed now and the
 * automatic reply (with an English variant); a customer writes from the sandbox phone page and gets the
 * reply there; the chat shows it labelled "Automatic reply". The section is usable at 360×740 too.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiToken, customerPhone, openChat, signIn } from './helpers.ts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Tomorrow's weekday where the business is: hours only then mean "closed now". */
function tomorrowInRome(): (typeof DAYS)[number] {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', weekday: 'short' })
    .format(new Date(Date.now() + 24 * 3600_000))
    .toLowerCase();
  return DAYS.find((d) => name.startsWith(d))!;
}

async function openHours(page: Page) {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-hours').click();
  await expect(page.getByRole('heading', { name: 'Automatic reply when closed' })).toBeVisible();
}

test.afterAll(async ({ request }) => {
  // other specs share this server: no hours, no automatic reply
  const headers = { authorization: `Bearer ${await apiToken(request)}` };
  await request.delete('/api/v1/business-hours', { headers });
  await request.put('/api/v1/out-of-hours', { headers, data: { enabled: false } });
});

test.describe('tablet', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('an admin sets hours (closed now) and the reply; a customer writing now gets it on the phone', async ({
    page,
    browser,
  }) => {
    await signIn(page);
    await openHours(page);
    const day = tomorrowInRome();
    await page.getByTestId(`hours-add-${day}`).click();
    await expect(page.getByTestId('hours-now')).toContainText(/^Now: Closed · opens tomorrow 09:00$/);
    await page.getByTestId('hours-save').click();
    await expect(page.getByTestId('toast')).toHaveText('Business hours saved');

    const ooh = page.getByTestId('ooh');
    await ooh.getByTestId('ooh-enabled').check();
    await expect(ooh.getByTestId('ooh-issues')).toHaveText('Write the reply before turning it on.');
    await expect(ooh.getByTestId('ooh-save')).toBeDisabled();
    await ooh.getByTestId('ooh-text').fill('Siamo chiusi: rispondiamo dalle 9.');
    await ooh.getByTestId('ooh-holiday-text').fill('Oggi siamo chiusi per festività.');
    await ooh.getByTestId('ooh-add-language').selectOption('en');
    await ooh.getByTestId('ooh-variant-en').getByTestId('ooh-variant-text').fill('We are closed… we answer from 9.');
    await ooh.getByTestId('ooh-grace').fill('1');
    await ooh.getByTestId('ooh-grace').blur();
    await expect(page.getByTestId('toast')).toHaveCount(0);
    await page.locator('.settings-main').evaluate((main) => {
      const title = main.querySelector('#ooh-title')!;
      main.scrollTop += title.getBoundingClientRect().top - main.getBoundingClientRect().top - 8;
    });
    await page.screenshot({ path: 'docs/screenshots/out-of-hours-tablet.png' });
    await ooh.getByTestId('ooh-save').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('toast').last()).toHaveText('Automatic reply saved');
    await page.reload();
    await expect(page.getByTestId('ooh').getByTestId('ooh-variant-en').getByTestId('ooh-variant-text')).toHaveValue(
      'We are closed… we answer from 9.',
    );
    await expect(page.locator('main')).toHaveCount(1);
    await expect(page.locator('h1')).toHaveCount(1);

    // the customer writes from the sandbox phone, now (closed)
    const phone = customerPhone();
    const name = `Sera ${phone.slice(-4)}`;
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const phonePage = await ctx.newPage();
    await phonePage.goto(`/sandbox/?phone=${phone}&name=${encodeURIComponent(name)}`);
    await phonePage.getByTestId('phone-text-input').fill('Buonasera, siete aperti?');
    await phonePage.getByTestId('phone-send').click();
    await expect(phonePage.getByTestId('phone-chat')).toContainText('Siamo chiusi: rispondiamo dalle 9.', {
      timeout: 30_000,
    });
    await phonePage.screenshot({ path: 'test-results/out-of-hours-phone-received.png' });
    // once per window: a second message gets no second reply
    await phonePage.getByTestId('phone-text-input').fill('Grazie');
    await phonePage.getByTestId('phone-send').click();
    await expect(phonePage.getByTestId('phone-chat')).toContainText('Grazie');
    await ctx.close();

    // the inbox shows it as an automatic reply
    await page.goto('/#/');
    await openChat(page, name);
    const reply = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: 'Siamo chiusi' });
    await expect(reply.getByTestId('message-author')).toHaveText('Automatic reply');
    await expect(page.locator('[data-testid="message"][data-direction="in"]')).toHaveCount(2);
    await expect(page.locator('[data-testid="message"][data-direction="out"]')).toHaveCount(1);
    await page.screenshot({ path: 'test-results/out-of-hours-chat-tablet.png' });
  });
});

test.describe('phone', () => {
  test('the automatic-reply section is usable at 360×740', async ({ page }) => {
    await signIn(page);
    await openHours(page);
    const ooh = page.getByTestId('ooh');
    await ooh.scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => {
      const main = document.querySelector('.settings-main')!;
      return main.scrollWidth - main.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ['ooh-enabled', 'ooh-text', 'ooh-holiday-text', 'ooh-add-language', 'ooh-grace', 'ooh-save']) {
      const box = (await ooh.getByTestId(id).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
    await ooh.getByTestId('ooh-text').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/out-of-hours-phone.png' });
  });
});
