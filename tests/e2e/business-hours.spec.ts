/**
 * Settings → Business hours: on a tablet an admin sets split hours and a holiday and sees the state,
 * live in the form and then in the inbox; on a phone the same screen is usable. Screenshots of both
 * sizes go to docs/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiToken, signIn } from './helpers.ts';

/** Today's date where the business is (the holiday must be "today" in Rome, whatever the machine's zone). */
const romeToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

async function openHours(page: Page) {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-hours').click();
  await expect(page.getByRole('heading', { name: 'Business hours' })).toBeVisible();
  await expect(page.getByTestId('hours-timezone')).toHaveValue('Europe/Rome');
}

test.afterAll(async ({ request }) => {
  // other specs share this server: leave it without business hours
  await request.delete('/api/v1/business-hours', { headers: { authorization: `Bearer ${await apiToken(request)}` } });
});

test.describe('tablet', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('an admin sets split hours and a holiday and sees the state', async ({ page }) => {
    await signIn(page);
    await expect(page.getByTestId('hours-badge')).toHaveCount(0); // nothing set yet
    await openHours(page);
    await expect(page.getByTestId('hours-now')).toHaveText('Now: Closed');

    // Monday 09:00–13:00 and 14:30–18:00
    await page.getByTestId('hours-add-mon').click();
    await page.getByTestId('hours-mon-0-to').fill('13:00');
    await page.getByTestId('hours-add-mon').focus();
    await page.keyboard.press('Enter'); // keyboard works too
    await expect(page.getByTestId('hours-mon-1-from')).toHaveValue('13:00');
    await page.getByTestId('hours-mon-1-from').fill('12:00');
    // an overlap is explained and blocks saving
    await expect(page.getByTestId('hours-issues')).toContainText('mon 09:00–13:00 overlaps mon 12:00–18:00');
    await expect(page.getByTestId('hours-save')).toBeDisabled();
    await page.getByTestId('hours-mon-1-from').fill('14:30');
    await expect(page.getByTestId('hours-issues')).toHaveCount(0);
    await page.getByTestId('hours-copy-monday').click();
    await expect(page.getByTestId('hours-fri-1-from')).toHaveValue('14:30');
    await expect(page.getByTestId('hours-day-sat')).toContainText('Closed');

    // a holiday today: closed now, whatever the time
    await page.getByTestId('hours-add-holiday').click();
    await page.getByTestId('hours-holiday-date').fill(romeToday());
    await page.getByTestId('hours-holiday-name').fill('Chiusura aziendale');
    await expect(page.getByTestId('hours-now')).toContainText(
      /^Now: Closed for Chiusura aziendale · opens (tomorrow|Mon|Tue|Wed|Thu|Fri|Sat|Sun)/,
    );
    await page.getByTestId('hours-holiday-name').blur();
    await page.locator('.settings-main').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: 'docs/screenshots/business-hours-tablet.png' });

    await page.getByTestId('hours-save').click();
    await expect(page.getByTestId('toast')).toHaveText('Business hours saved');
    await page.reload();
    await expect(page.getByTestId('hours-mon-1-to')).toHaveValue('18:00');
    await expect(page.getByTestId('hours-holiday-name')).toHaveValue('Chiusura aziendale');

    // the inbox says it too
    await page.goto('/#/');
    await expect(page.getByTestId('hours-badge')).toContainText(
      /^Business hours: Closed for Chiusura aziendale · opens (tomorrow )?\w* ?09:00$/,
    );
    await page.screenshot({ path: 'test-results/business-hours-inbox-tablet.png' });
  });
});

test.describe('phone', () => {
  test('the hours screen is usable at 360×740', async ({ page }) => {
    await signIn(page);
    await openHours(page);
    await page.getByTestId('hours-add-sat').click();
    await page.getByTestId('hours-sat-0-from').fill('22:00');
    await page.getByTestId('hours-sat-0-to').fill('02:00');
    await expect(page.getByTestId('hours-day-sat')).toContainText('until the next day');
    // nothing sticks out sideways
    const overflow = await page.evaluate(() => {
      const main = document.querySelector('.settings-main')!;
      return main.scrollWidth - main.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ['hours-sat-0-from', 'hours-sat-0-to', 'hours-add-sat', 'hours-add-holiday']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
      expect(box.height).toBeGreaterThanOrEqual(36);
    }
    await page.getByTestId('hours-sat-0-to').blur();
    await page.screenshot({ path: 'docs/screenshots/business-hours-phone.png' });
    await page.locator('.settings-main').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/business-hours-phone-top.png' });
    await page.getByTestId('hours-save').click();
    await expect(page.getByTestId('toast')).toHaveText('Business hours saved');
    await expect(page.locator('main')).toHaveCount(1);
    await expect(page.locator('h1')).toHaveCount(1);
    await page.goto('/#/');
    await expect(page.getByTestId('hours-badge')).toContainText('Closed for Chiusura aziendale');
    await page.screenshot({ path: 'test-results/business-hours-inbox-phone.png' });
  });
});
