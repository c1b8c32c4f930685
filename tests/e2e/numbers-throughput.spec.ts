/**
 * Settings → WhatsApp numbers: the admin sets a number's throughput (messages per second) on a phone and on
 * a tablet, with a clear error for a value out of range; the value is kept (read back after a reload).
 */
import { expect, test } from '@playwright/test';
import { signIn } from './helpers.ts';

const SHOTS = 'test-results/numbers';

for (const [label, size, mps] of [
  ['phone', { width: 360, height: 740 }, '40'],
  ['tablet', { width: 1024, height: 768 }, '80'],
] as const) {
  test(`on a ${label}: the throughput field refuses 0 and saves ${mps}`, async ({ page }) => {
    await page.setViewportSize(size);
    await signIn(page);
    await page.goto('/#/settings/whatsapp');
    const card = page.getByTestId('number-card').first();
    const input = card.getByTestId('throughput-input');
    await expect(input).toBeVisible();
    await expect(input).toHaveAccessibleName('Messages per second');
    await input.fill('0');
    await card.getByTestId('throughput-save').click();
    await expect(card.getByRole('alert')).toHaveText('Enter a whole number from 1 to 1,000.');
    await input.fill(mps);
    await input.press('Enter');
    await expect(page.getByText(`Throughput set to ${mps} messages per second`)).toBeVisible();
    await expect(card.getByRole('alert')).toHaveCount(0);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/throughput-${size.width}.png` });
    await page.reload();
    await expect(page.getByTestId('number-card').first().getByTestId('throughput-input')).toHaveValue(mps);
    await expect(page.locator('main')).toHaveCount(1);
    await expect(page.locator('h1')).toHaveCount(1);
  });
}
