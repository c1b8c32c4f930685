/**
 * Contacts CRM at phone size: custom fields, the CSV import wizard on a messy Excel-style file
 * (semicolons, BOM, quotes, a duplicate and an invalid number), filtering by the imported tag, the
 * contact page (fields, consent, activity), creating a contact by hand. Screenshots for docs/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers.ts';

const DIR = join(import.meta.dirname, '../../docs/screenshots');
const CSV = join(import.meta.dirname, '../fixtures/csv/ui-messy-semicolon-bom.csv');
mkdirSync(DIR, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: join(DIR, `${name}.png`) });

async function calm(page: Page) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 10_000 });
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => {
    const out: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > window.innerWidth) out.push(`page ${root.scrollWidth} > ${window.innerWidth}`);
    for (const el of document.querySelectorAll<HTMLElement>(
      '.crm-screen, .crm-main, .crm-scroll, .crm-list, .crm-page, .cp, .sheet-body, .crm-toolbar, .crm-tabs',
    )) {
      if (el.scrollWidth > el.clientWidth + 1 && el.className !== 'crm-tabs')
        out.push(`${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
    }
    // nothing may stick out of the screen on the right
    for (const el of document.querySelectorAll<HTMLElement>('.crm-screen *')) {
      const r = el.getBoundingClientRect();
      if (
        r.width &&
        r.right > window.innerWidth + 1 &&
        getComputedStyle(el).position !== 'fixed' &&
        !el.closest('.crm-tabs, .sr-only')
      )
        out.push(`${el.tagName}.${el.className} right ${Math.round(r.right)}`);
    }
    return out.slice(0, 10);
  });
  expect(overflow).toEqual([]);
}

const tagName = `Fiera 2026 ${Date.now().toString(36).slice(-4)}`;

test.describe.configure({ mode: 'serial' });

test('admins define custom fields', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('nav-contacts').click();
  await expect(page.getByTestId('contacts-list')).toBeVisible();
  await page.getByTestId('crm-tab-fields').click();
  const form = page.getByTestId('field-form');
  // typed keys become KEYS
  for (const [key, label, type, KEY] of [
    ['city', 'Città', 'text', 'CITY'],
    ['birthday date', 'Data di nascita', 'date', 'BIRTHDAY_DATE'],
  ] as const) {
    await form.getByTestId('field-key').fill(key);
    await form.getByTestId('field-label').fill(label);
    await form.getByTestId('field-type').selectOption(type);
    await form.getByTestId('field-create').click();
    await expect(page.locator(`[data-testid="field-item"][data-key="${KEY}"]`)).toBeVisible();
    // the form is cleared for the next one
    await expect(form.getByTestId('field-key')).toHaveValue('');
  }
  await expect(page.locator('[data-testid="field-item"][data-key="BIRTHDAY_DATE"]')).toContainText('Date');
});

test('import a messy CSV: mapping, analysis, new tag, progress, report', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('contacts-import').click();
  await expect(page.getByTestId('import-no-tags')).toContainText('Tags are not imported from the file');
  await page.getByTestId('import-file').setInputFiles(CSV);

  // semicolons, BOM and quoted newlines are read; columns mapped by name, label and values
  await expect(page.getByTestId('import-format')).toHaveText('7 rows · separated by semicolon · UTF-8');
  const col = (name: string) => page.locator(`[data-testid="map-select"][data-column="${name}"]`);
  await expect(col('Nome')).toHaveValue('first_name');
  await expect(col('Cellulare')).toHaveValue('phone');
  await expect(col('Città')).toHaveValue('field:CITY');
  await expect(col('Data di nascita')).toHaveValue('field:BIRTHDAY_DATE');
  await page.getByTestId('import-country').selectOption('IT');
  await noSidewaysScroll(page);
  await page.getByTestId('import-next').click();

  // preview, then the analysis with counts and examples
  await expect(page.getByTestId('import-preview')).toContainText('Ferrari');
  const analysis = page.getByTestId('import-analysis');
  await expect(analysis).toBeVisible();
  await expect(analysis.getByTestId('an-rows')).toHaveText('7');
  await expect(analysis.getByTestId('an-importable')).toHaveText('5');
  await expect(analysis.getByTestId('an-create')).toHaveText('5');
  await expect(analysis.getByTestId('an-update')).toHaveText('0');
  const skipped = analysis.getByTestId('an-skipped');
  await expect(skipped.locator('[data-reason="duplicate_in_file"]')).toContainText('Same number as an earlier row1');
  await expect(skipped.locator('[data-reason="phone_invalid"]')).toContainText('Invalid number1');
  await expect(analysis.getByTestId('an-warnings').locator('[data-reason="invalid_value:email"]')).toContainText('1');
  await expect(
    analysis.getByTestId('an-warnings').locator('[data-reason="invalid_value:BIRTHDAY_DATE"]'),
  ).toContainText('Data di nascita');
  await expect(analysis.getByTestId('an-issues')).toContainText('Row 5');
  await noSidewaysScroll(page);
  await analysis.scrollIntoViewIfNeeded();
  await calm(page);
  await page
    .locator('.crm-scroll')
    .evaluate(
      (el) => (el.scrollTop = (document.querySelector('[data-testid="import-analysis"]') as HTMLElement).offsetTop - 8),
    );
  await shot(page, 'import-analysis');

  // options: a new tag and an opt-in source
  await page.getByTestId('import-next').click();
  await page.getByTestId('import-tag').selectOption('new');
  await page.getByTestId('import-new-tag').fill(tagName);
  await page.getByTestId('import-optin').check();
  await page.getByTestId('import-optin-source').fill('Stand Fiera Milano');
  await page.getByTestId('import-start').click();

  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible();
  await expect(result.getByTestId('result-created')).toHaveText('5');
  await expect(result.getByTestId('result-updated')).toHaveText('0');
  await expect(result.getByTestId('result-skipped')).toHaveText('2');
  await expect(result.getByTestId('result-skipped-reasons')).toContainText('Same number as an earlier row');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
  expect(download.suggestedFilename()).toMatch(/^import-report-[a-z0-9]{15}\.csv$/);
  const report = await download.createReadStream().then(async (s) => {
    let text = '';
    for await (const chunk of s) text += chunk;
    return text;
  });
  expect(report).toContain('duplicate_in_file');
  expect(report.split('\n').filter(Boolean)).toHaveLength(8);

  // straight to the imported contacts, filtered by the new tag
  await page.getByTestId('import-show').click();
  await expect(page.getByTestId('contacts-count')).toHaveText('5 contacts');
  await expect(page.getByTestId('contact-row')).toHaveCount(5);
});

test('filter the list by the imported tag, search, and save a view', async ({ page }) => {
  await signIn(page);
  await page.goto('/#/contacts');
  await expect(page.getByTestId('contacts-list')).toBeVisible();
  await page.getByTestId('open-filters').click();
  const sheet = page.getByTestId('filter-sheet');
  await sheet.getByTestId('filter-tags').getByRole('button', { name: tagName }).click();
  await sheet.getByTestId('filter-consent').selectOption('opted_in');
  await sheet.getByTestId('filter-apply').click();
  await expect(page.getByTestId('contacts-count')).toHaveText('5 contacts');
  await expect(page.getByTestId('open-filters')).toContainText('2');
  const names = page.getByTestId('contact-row-name');
  await expect(names).toHaveCount(5);
  expect((await names.allTextContents()).sort()).toEqual([
    'Chiara Ricci',
    'Elena Bruno',
    'Giulia Ferrari',
    'Marco Esposito',
    'Paolo Conti',
  ]);

  // a custom-field condition (ANDed)
  await page.getByTestId('open-filters').click();
  await sheet.getByTestId('add-condition').click();
  await sheet.getByTestId('cond-field').selectOption('CITY');
  await sheet.getByTestId('cond-op').selectOption('eq');
  await sheet.getByTestId('cond-value').fill('Bologna');
  await sheet.getByTestId('filter-apply').click();
  await expect(names).toHaveText(['Giulia Ferrari']);

  // save it as a view, clear, apply the view again
  await page.getByTestId('open-views').click();
  await page.getByTestId('view-name').fill('Fiera · Bologna');
  await page.getByTestId('view-save').click();
  await expect(page.getByTestId('active-view')).toHaveText('View: Fiera · Bologna');
  await page.getByTestId('clear-filters').click();
  await expect(page.getByTestId('contacts-count')).not.toHaveText('1 contact');
  await page.getByTestId('open-views').click();
  await page.locator('[data-testid="view-item"][data-name="Fiera · Bologna"] .menu-item').click();
  await expect(names).toHaveText(['Giulia Ferrari']);
  await page.getByTestId('open-views').click();
  page.once('dialog', (d) => void d.accept());
  await page.locator('[data-testid="view-item"][data-name="Fiera · Bologna"]').getByTestId('view-delete').click();
  await expect(page.locator('[data-testid="view-item"][data-name="Fiera · Bologna"]')).toHaveCount(0);
  await page.getByTestId('views-sheet').getByRole('button', { name: 'Close' }).click();

  // back to the tag only; search narrows it
  await page.getByTestId('clear-filters').click();
  await page.getByTestId('open-filters').click();
  await sheet.getByTestId('filter-tags').getByRole('button', { name: tagName }).click();
  await sheet.getByTestId('filter-apply').click();
  await expect(page.getByTestId('contacts-count')).toHaveText('5 contacts');
  await page.getByTestId('contacts-search').fill('ricci');
  await expect(names).toHaveText(['Chiara Ricci']);
  await page.getByTestId('contacts-search').fill('');
  await expect(page.getByTestId('contacts-count')).toHaveText('5 contacts');
  await calm(page);
  await noSidewaysScroll(page);
  await shot(page, 'contacts-list');

  // bulk: tag two selected contacts with a second tag, then select all matching
  await page.getByTestId('contact-check').nth(0).check();
  await page.getByTestId('contact-check').nth(1).check();
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.getByTestId('select-all-matching').click();
  await expect(page.getByTestId('selection-count')).toHaveText('All 5 matching');
  await page.getByTestId('open-bulk').click();
  const bulk = page.getByTestId('bulk-sheet');
  await expect(bulk.getByTestId('bulk-target')).toHaveText('All 5 contacts matching the filter');
  await bulk.getByTestId('bulk-block').check();
  await bulk.getByTestId('bulk-apply').click();
  await expect(bulk.getByTestId('bulk-result')).toHaveText('Done: 5 changed of 5.');
  await bulk.getByRole('button', { name: 'Close' }).last().click();
  await expect(page.locator('[data-testid="contact-row"]').filter({ hasText: 'Blocked' })).toHaveCount(5);
  // and back, on all matching again
  await page.getByTestId('contact-check').first().check();
  await page.getByTestId('select-all-matching').click();
  await page.getByTestId('open-bulk').click();
  await bulk.getByTestId('bulk-unblock').check();
  await bulk.getByTestId('bulk-apply').click();
  await expect(bulk.getByTestId('bulk-result')).toHaveText('Done: 5 changed of 5.');
});

test('contact page: fields, consent history, activity; record an opt-out', async ({ page }) => {
  await signIn(page);
  await page.goto('/#/contacts');
  await page.getByTestId('contacts-search').fill('Ferrari');
  await page.getByTestId('contact-row').filter({ hasText: 'Giulia Ferrari' }).locator('a').click();
  const cp = page.getByTestId('contact-page');
  await expect(cp.getByTestId('cp-name')).toHaveText('Giulia Ferrari');
  await expect(cp.getByTestId('cp-phone')).toHaveText('+39 347 100 2001');
  await expect(cp).toContainText('Italy');
  await expect(cp.locator('[data-testid="cp-field"][data-key="CITY"]')).toHaveText('Bologna');
  await expect(cp.locator('[data-testid="cp-field"][data-key="BIRTHDAY_DATE"]')).toHaveText('March 12, 1988');
  await expect(cp.getByTestId('cp-tags')).toContainText(tagName);
  await expect(cp.getByTestId('consent-state')).toContainText('Marketing messages allowed');
  await expect(cp.getByTestId('consent-state')).toContainText('Source: Stand Fiera Milano');
  await expect(cp.getByTestId('activity-item').first()).toBeVisible();
  await expect(cp.locator('[data-testid="activity-item"][data-kind="created"]')).toContainText(
    'Created by a CSV import',
  );
  // no chat yet: the business must start with a template
  await expect(cp.getByTestId('cp-start-chat')).toBeVisible();
  await calm(page);
  await noSidewaysScroll(page);
  await shot(page, 'contact-page');

  // opt-out by hand: state, history and timeline follow
  await cp.getByTestId('consent-record-out').click();
  await cp.getByTestId('consent-source').fill('Telefonata del 3 marzo');
  await cp.getByTestId('consent-save').click();
  await expect(cp.getByTestId('consent-state')).toContainText('No marketing messages');
  await expect(cp.locator('[data-testid="consent-item"][data-kind="opt_out"]')).toContainText('Telefonata del 3 marzo');
  await expect(cp.locator('[data-testid="activity-item"][data-kind="consent_opt_out"]')).toContainText('Opted out');

  // a tag removed here shows in the timeline too
  await cp
    .getByTestId('cp-tags')
    .getByRole('button', { name: `Remove tag ${tagName}` })
    .click();
  await expect(cp.locator('[data-testid="activity-item"][data-kind="tag_removed"]')).toContainText(tagName);

  // block and restore from the page
  page.once('dialog', (d) => void d.accept());
  await cp.getByTestId('cp-block').click();
  await expect(cp).toContainText('This contact is blocked.');
  await cp.getByTestId('cp-block').click();
  await expect(cp).not.toContainText('This contact is blocked.');
});

test('create a contact by hand: phone checked, country from the prefix', async ({ page }) => {
  await signIn(page);
  await page.goto('/#/contacts');
  await page.getByTestId('contacts-add').click();
  const phone = page.getByTestId('form-phone');
  await phone.fill('+39 12');
  await phone.blur();
  await expect(page.getByTestId('form-phone-help')).toHaveText('The number is too short.');
  await phone.fill('call me');
  await expect(page.getByTestId('form-phone-help')).toHaveText(
    'Only digits, spaces and + are allowed in a phone number.',
  );
  const uk = `+44 7400 ${String(100000 + Math.floor(Math.random() * 800000))}`;
  await phone.fill(uk);
  await expect(page.getByTestId('form-country')).toContainText('Country: 🇬🇧 United Kingdom (+44)');
  await page.getByTestId('form-first-name').fill('Kate');
  await page.getByTestId('form-last-name').fill("O'Connor");
  await page.locator('[data-testid="form-field"][data-key="CITY"]').fill('London');
  await noSidewaysScroll(page);
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('cp-name')).toHaveText("Kate O'Connor");
  await expect(page.locator('[data-testid="cp-field"][data-key="CITY"]')).toHaveText('London');
  await expect(page.getByTestId('contact-page')).toContainText('United Kingdom');

  // the same number again: a clear error with a link to the existing contact
  await page.goto('/#/contacts/new');
  await page.getByTestId('form-phone').fill(uk);
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('form-error')).toContainText('A contact with this number already exists.');
  await page.getByTestId('form-error').getByRole('link').click();
  await expect(page.getByTestId('cp-name')).toHaveText("Kate O'Connor");

  // edit: the phone is fixed, the rest changes
  await page.getByTestId('contact-edit').click();
  await page.getByTestId('form-email').fill('kate@example.co.uk');
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('cp-details')).toContainText('kate@example.co.uk');
  await expect(page.locator('[data-testid="activity-item"][data-kind="updated"]')).toContainText('email');
});

test('keyboard: the skip link stays on the screen, the nav and rows are reachable', async ({ page }) => {
  await signIn(page);
  await page.goto('/#/contacts');
  await page.reload(); // a fresh page: the first Tab starts at the top
  await expect(page.getByTestId('contacts-list')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  expect(new URL(page.url()).hash).toBe('#/contacts');
  await expect(page.locator('#main')).toBeFocused();
  // the first row's checkbox, then its link
  await page.getByTestId('contact-check').first().focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('contact-row').first().locator('a')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('contact-page')).toBeVisible();
});
