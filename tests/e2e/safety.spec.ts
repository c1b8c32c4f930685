/** Message text is rendered as text: markup from a customer never becomes elements or runs script. */
import { expect, test } from '@playwright/test';
import { customerPhone, customerSays, openChat, signIn } from './helpers.ts';

test('a message with HTML shows literally, with no image element and no dialog', async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const phone = customerPhone();
  const name = `Mallory ${phone.slice(-4)}`;
  const evil = '<img src=x onerror=alert(1)> and <script>alert(2)</script> *bold*';
  await customerSays(request, phone, name, evil);

  await signIn(page);
  await expect(
    page.getByTestId('conversation-row').filter({ hasText: name }).getByTestId('conversation-preview'),
  ).toHaveText(evil.replace(/\s+/g, ' '));
  await openChat(page, name);
  const bubble = page.locator('[data-testid="message"][data-direction="in"]').getByTestId('bubble');
  await expect(bubble).toContainText('<img src=x onerror=alert(1)> and <script>alert(2)</script>');
  await expect(bubble.locator('strong')).toHaveText('bold');
  await expect(bubble.locator('img')).toHaveCount(0);
  await expect(bubble.locator('script')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
});
