/**
 * A saved view is a snapshot: after saving the current filters as a view and then changing the
 * filters, the screen says the view was changed. (The view used to hold the live filter object itself,
 * which the screen's store updates in place, so it followed every change and always looked unchanged.)
 */
import { expect, test } from '@playwright/test';
import { apiToken, signIn } from './helpers.ts';

test('saving the current filters as a view, then changing them, shows the view as changed', async ({
  page,
  request,
}) => {
  const admin = await apiToken(request);
  const run = Date.now().toString(36).slice(-5);
  const tags: string[] = [];
  for (const n of ['A', 'B']) {
    const r = await request.post('/api/v1/tags', {
      headers: { authorization: `Bearer ${admin}` },
      data: { name: `Snap ${n} ${run}` },
    });
    expect(r.status(), await r.text()).toBe(201);
    tags.push(`Snap ${n} ${run}`);
  }
  await signIn(page);
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('open-filters').click();
  const sheet = page.getByTestId('filter-sheet');
  for (const tag of tags) await sheet.getByTestId('filter-tags').getByRole('button', { name: tag }).click();
  await sheet.getByTestId('filter-apply').click();
  await expect(page.getByTestId('open-filters')).toContainText('1');

  await page.getByTestId('open-views').click();
  await page.getByTestId('view-name').fill(`Snapshot ${run}`);
  await page.getByTestId('view-save').click();
  await expect(page.getByTestId('active-view')).toHaveText(`View: Snapshot ${run}`);

  // drop one of the two tags from the filter
  await page.locator('.filter-chip').first().locator('.chip-x').click();
  await expect(page.getByTestId('active-view')).toHaveText(`View: Snapshot ${run} (changed)`);
});
