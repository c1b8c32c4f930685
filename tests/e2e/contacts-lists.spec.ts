/**
 * Lists and tags: a tag made on the Tags screen, a list created "by choosing contacts with filters" and
 * filled with the two-pane picker (add selected, add all matching, remove), live member counts; the
 * same screen side by side on a tablet. Screenshot of the lists screen for docs/.
 */
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, signIn } from './helpers.ts';

const DIR = join(import.meta.dirname, '../../docs/screenshots');
const run = Date.now().toString(36).slice(-4);
const tag = `Newsletter ${run}`;
const list = `Clienti VIP ${run}`;

test.describe.configure({ mode: 'serial' });

async function contactWithTag(request: APIRequestContext, token: string, first: string, tagId: string) {
  const phone = `+39348${String(1_000_000 + Math.floor(Math.random() * 8_999_999))}`;
  const r = await request.post('/api/v1/contacts', {
    headers: { authorization: `Bearer ${token}` },
    data: { phone, first_name: first, last_name: run.toUpperCase(), tags: [tagId] },
  });
  expect(r.status(), await r.text()).toBe(201);
}

async function calm(page: Page) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 10_000 });
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => {
    const out: string[] = [];
    if (document.scrollingElement!.scrollWidth > window.innerWidth) out.push('page');
    for (const el of document.querySelectorAll<HTMLElement>('.crm-screen *')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > window.innerWidth + 1 && !el.closest('.crm-tabs, .sr-only'))
        out.push(`${el.tagName}.${el.className} right ${Math.round(r.right)}`);
    }
    return out.slice(0, 10);
  });
  expect(overflow).toEqual([]);
}

test('tags screen, then a list filled with the two-pane picker', async ({ page, request }) => {
  await signIn(page);
  await page.goto('/#/tags');
  await page.getByTestId('tag-new').click();
  const sheet = page.getByTestId('tag-sheet');
  await sheet.getByTestId('tag-name').fill(tag);
  await sheet.getByRole('radio', { name: 'Colour #7c3aed' }).check();
  await sheet.getByTestId('tag-save').click();
  await expect(page.locator(`[data-testid="tag-item"][data-name="${tag}"]`)).toBeVisible();

  const token = await apiToken(request);
  const tags = (await (
    await request.get('/api/v1/tags', { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { items: Array<{ id: string; name: string; color: string }> };
  const created = tags.items.find((x) => x.name === tag)!;
  expect(created.color).toBe('#7c3aed');
  for (const first of ['Anna', 'Bruno', 'Carla']) await contactWithTag(request, token, first, created.id);
  await page.reload();
  await expect(page.locator(`[data-testid="tag-item"][data-name="${tag}"]`)).toContainText('3 contacts');

  // a new list, filled by choosing contacts with filters
  await page.getByTestId('crm-tab-lists').click();
  await page.getByTestId('list-new').click();
  await page.getByTestId('list-name').fill(list);
  await page.getByTestId('list-description').fill('Clienti che comprano più spesso');
  await page.getByTestId('list-fill-filter').check();
  await page.getByTestId('list-save').click();
  await expect(page.getByTestId('candidates-pane')).toBeVisible();
  await expect(page.getByTestId('members-total')).toHaveText('0 members');

  await page.getByTestId('candidates-filters').click();
  await page.getByTestId('filter-sheet').getByTestId('filter-tags').getByRole('button', { name: tag }).click();
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('candidates-count')).toHaveText('3 match the filter, 0 of them already in the list');
  const candidates = page.getByTestId('candidates-list').getByTestId('contact-row');
  await expect(candidates).toHaveCount(3);
  await candidates.filter({ hasText: 'Anna' }).click();
  await page.getByTestId('add-selected').click();
  await expect(page.getByTestId('members-total')).toHaveText('1 member');
  await expect(page.getByTestId('candidates-count')).toHaveText('3 match the filter, 1 of them already in the list');
  await expect(candidates.filter({ hasText: 'Anna' })).toContainText('In the list');
  await expect(page.getByTestId('add-all')).toHaveText('Add all 2 matching');
  await page.getByTestId('add-all').click();
  await expect(page.getByTestId('members-total')).toHaveText('3 members');

  // members pane: remove one
  await page.getByTestId('pane-members').click();
  const members = page.getByTestId('members-list').getByTestId('contact-row');
  await expect(members).toHaveCount(3);
  await members.filter({ hasText: 'Bruno' }).click();
  await page.getByTestId('remove-selected').click();
  await expect(page.getByTestId('members-total')).toHaveText('2 members');
  await expect(members).toHaveCount(2);
  await noSidewaysScroll(page);

  // the lists screen shows the live count
  await page.getByTestId('crm-back').click();
  const item = page.locator(`[data-testid="list-item"][data-name="${list}"]`);
  await expect(item.getByTestId('list-count')).toHaveText('2 contacts');
  // an empty list stays on the lists screen
  await page.getByTestId('list-new').click();
  await page.getByTestId('list-name').fill(`Da richiamare ${run}`);
  await page.getByTestId('list-fill-empty').check();
  await page.getByTestId('list-save').click();
  await expect(
    page.locator(`[data-testid="list-item"][data-name="Da richiamare ${run}"]`).getByTestId('list-count'),
  ).toHaveText('0 contacts');
  await calm(page);
  await noSidewaysScroll(page);
  await page.screenshot({ path: join(DIR, 'lists.png') });

  // "from a CSV" goes to the import wizard with the list as target
  await page.getByTestId('list-new').click();
  await page.getByTestId('list-name').fill(`Da CSV ${run}`);
  await page.getByTestId('list-fill-csv').check();
  await page.getByTestId('list-save').click();
  await expect(page.getByTestId('import-target-list')).toHaveText(
    `The contacts will be added to the list “Da CSV ${run}”.`,
  );
});

test('tablet: the two panes side by side, the contact page in two columns', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page);
  await page.goto('/#/lists');
  await page.locator(`[data-testid="list-item"][data-name="${list}"] a`).first().click();
  await expect(page.getByTestId('candidates-pane')).toBeVisible();
  await expect(page.getByTestId('members-pane')).toBeVisible();
  await expect(page.getByTestId('pane-members')).toBeHidden();
  await expect(page.getByTestId('app-nav')).toBeVisible();
  await noSidewaysScroll(page);
  await page.getByTestId('members-list').getByTestId('contact-row').first().waitFor();
  await page.goto('/#/contacts');
  await page.getByTestId('contacts-search').fill(run.toUpperCase());
  await page.getByTestId('contact-row').first().locator('a').click();
  await expect(page.getByTestId('cp-consent')).toBeVisible();
  const [a, b] = await Promise.all([
    page.getByTestId('cp-details').boundingBox(),
    page.getByTestId('cp-consent').boundingBox(),
  ]);
  expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1); // second column
  await noSidewaysScroll(page);
});
