/**
 * Automations from a tablet (1024×768), Spoki's "who answers / who does not answer": an admin builds an automation
 * started by an exact phrase → a question → a wait for the reply with two lanes (replied: tag "interessato"; not
 * replied: tag "silenzioso"), simulates it on a contact, activates it; the customer writes the phrase on the
 * sandbox phone and gets the question, replies; the report counts the entry and the replied lane's step. Then the
 * builder renders at 360×740, with axe and one main / one h1 at both sizes. Screenshots go to /tmp/auto-shots/.
 */
import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { accessible, apiToken, createUser, customerPhone, signIn } from './helpers.ts';

const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 360, height: 740 };
const SHOTS = process.env.AUTO_SHOTS_DIR ?? '/tmp/auto-shots';
mkdirSync(SHOTS, { recursive: true });

/** No screen may scroll sideways. */
async function noSideScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test.afterAll(async ({ request }) => {
  // other specs share this server: no automation of ours stays active
  const headers = { authorization: `Bearer ${await apiToken(request)}` };
  const list = (await (await request.get('/api/v1/automations', { headers })).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  for (const a of list.items)
    if (/^(Chi risponde|Secondo|Primo|Menu lista) /.test(a.name))
      await request.delete(`/api/v1/automations/${a.id}`, { headers });
});

const step = (page: Page, path: string) => page.locator(`[data-testid="auto-step"][data-path="${path}"]`);
/** the add-step button right under a lane (the main flow's is the last one of the flow section) */
const addTo = (page: Page, lane: 'replied' | 'not_replied') =>
  step(page, '1').getByTestId(`auto-lane-${lane}`).getByTestId('auto-add-step');

test('an admin builds "who answers / who does not", simulates it, activates it; a customer enters and replies', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36).slice(-5);
  const phone = customerPhone();
  const customer = `Giulia Promo ${tag}`;
  const auth = { authorization: `Bearer ${await apiToken(request)}` };
  const made = await request.post('/api/v1/contacts', {
    headers: auth,
    data: { name: customer, phone: `+${phone}`, language: 'it' },
  });
  expect(made.status(), await made.text()).toBe(201);
  const contactId = ((await made.json()) as { id: string }).id;
  const phrase = `PROMO ${tag.toUpperCase()}`;
  const name = `Chi risponde ${tag}`;

  await page.setViewportSize(TABLET);
  await signIn(page);
  await page.getByTestId('nav-automations').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Automations');
  await page.getByTestId('auto-new').click();
  await expect(page.getByTestId('auto-editor')).toHaveAttribute('data-state', 'new');

  // the checklist says what is missing before anything is typed
  const issues = page.getByTestId('auto-issues');
  await expect(issues.getByTestId('auto-issue')).toHaveCount(3);
  await expect(issues).toContainText('Give the automation a name.');
  await page.getByTestId('auto-name').fill(name);
  await expect(page.getByTestId('auto-trigger-type')).toHaveValue('message_exact');
  await page.getByTestId('auto-trigger-text').fill(phrase);

  // step 1: the question (a free text: the customer has just written, the window is open)
  await page.getByTestId('auto-flow').getByTestId('auto-add-step').last().click();
  await expect(step(page, '0').getByTestId('auto-action')).toBeFocused();
  await expect(step(page, '0').getByTestId('auto-action')).toHaveValue('send_text');
  await step(page, '0').getByTestId('auto-text').fill('Vuoi il listino?');

  // step 2: wait for the reply, an hour at most; its two lanes
  await page.getByTestId('auto-flow').getByTestId('auto-add-step').last().click();
  await step(page, '1').getByTestId('auto-action').selectOption('wait_for_reply');
  await expect(step(page, '1').getByTestId('auto-timeout-amount')).toHaveValue('24');
  await expect(step(page, '1').getByTestId('auto-timeout-unit')).toHaveValue('hours');
  await step(page, '1').getByTestId('auto-timeout-amount').fill('1');
  await addTo(page, 'replied').click();
  await step(page, '1.replied.0').getByTestId('auto-action').selectOption('add_tag');
  await step(page, '1.replied.0').getByTestId('auto-tag').fill('interessato');
  await addTo(page, 'not_replied').click();
  await step(page, '1.not_replied.0').getByTestId('auto-action').selectOption('add_tag');
  await step(page, '1.not_replied.0').getByTestId('auto-tag').fill('silenzioso');
  await expect(step(page, '1.replied.0')).toContainText('2 › Replied › 1');
  await expect(page.getByTestId('auto-ready')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/builder-1024.png` });

  // simulate on the customer (saves the draft first): the steps with their times, the question as a preview
  const sim = page.getByTestId('auto-sim');
  await sim.getByTestId('auto-sim-search').fill(customer);
  await sim.locator(`[data-testid="auto-sim-contact"][data-phone="+${phone}"]`).click();
  await expect(sim.getByTestId('auto-sim-chosen')).toContainText(customer);
  await sim.getByTestId('auto-sim-text').fill(phrase.toLowerCase());
  await expect(sim.getByTestId('auto-sim-run')).toHaveText('Save and simulate');
  await sim.getByTestId('auto-sim-run').click();
  await expect(page.getByTestId('toast')).toHaveText('Automation saved');
  await expect(page.getByTestId('auto-editor')).toHaveAttribute('data-state', 'draft');
  await expect(sim.getByTestId('auto-sim-result')).toHaveAttribute('data-entered', 'true');
  await expect(sim.locator('[data-testid="auto-sim-step"][data-step="0"]')).toBeVisible();
  await expect(sim.getByTestId('auto-sim-preview').first()).toHaveText('Vuoi il listino?');
  await expect(sim.locator('[data-testid="auto-sim-step"][data-step="1"]')).toHaveAttribute('data-outcome', 'wait');
  await expect(sim.getByTestId('auto-sim-run')).toHaveText('Simulate');
  await sim.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/simulate-1024.png` });
  // the saved answer names the new tags by id; the builder still shows their names
  await expect(step(page, '1.replied.0').getByTestId('auto-tag')).toHaveValue('interessato');
  expect(page.url()).toMatch(/#\/automations\/[a-z0-9]{15}$/);

  // activate
  await page.getByTestId('auto-activate').click();
  await expect(page.getByTestId('toast')).toHaveText('Automation activated');
  await expect(page.getByTestId('auto-editor').getByTestId('auto-state')).toHaveText('Active');
  await expect(page.getByTestId('auto-pause')).toBeVisible();

  // the customer writes the phrase (other capitals) on the sandbox phone, gets the question and answers
  const ctx = await browser.newContext({ viewport: PHONE });
  const phonePage = await ctx.newPage();
  await phonePage.goto(`/sandbox/?phone=${phone}&name=${encodeURIComponent(customer)}`);
  await phonePage.getByTestId('phone-text-input').fill(`promo ${tag}`);
  await phonePage.getByTestId('phone-send').click();
  const chat = phonePage.getByTestId('phone-chat');
  await expect(chat).toContainText('Vuoi il listino?', { timeout: 30_000 });
  await phonePage.getByTestId('phone-text-input').fill('Sì, grazie!');
  await phonePage.getByTestId('phone-send').click();
  await expect(chat).toContainText('Sì, grazie!');
  await phonePage.screenshot({ path: `${SHOTS}/sandbox-phone.png` });
  await ctx.close();

  // the report: one entry, the replied lane's step done once (read again until the engine has caught up)
  await page.getByTestId('auto-open-report').click();
  await expect(page.getByTestId('auto-report-page')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Report: ${name}`);
  const replied = page.locator('[data-testid="auto-report-step"][data-step="1.replied.0"]');
  await expect(async () => {
    await page.getByTestId('auto-report-refresh').click();
    await expect(page.getByTestId('auto-stat-entered').locator('.cmp-stat-value')).toHaveText('1', { timeout: 1000 });
    await expect(replied.getByTestId('auto-report-done')).toHaveText('1', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(replied).toContainText('2 › Replied › 1');
  await expect(
    page.locator('[data-testid="auto-report-step"][data-step="1.not_replied.0"]').getByTestId('auto-report-done'),
  ).toHaveText('0');
  await page.screenshot({ path: `${SHOTS}/report-1024.png` });

  // the contact got the replied lane's tag, not the other
  const tags = (await (await request.get('/api/v1/tags', { headers: auth })).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const id = (n: string) => tags.items.find((x) => x.name === n)?.id;
  const contact = (await (await request.get(`/api/v1/contacts/${contactId}`, { headers: auth })).json()) as {
    tags: string[];
  };
  expect(contact.tags).toContain(id('interessato'));
  expect(contact.tags).not.toContain(id('silenzioso'));

  // the list: active, with its trigger in words; axe on the three screens
  await page.getByTestId('auto-back').click();
  const card = page.locator(`[data-testid="auto-card"][data-name="${name}"]`);
  await expect(card).toHaveAttribute('data-state', 'active');
  await expect(card.getByTestId('auto-trigger-summary')).toHaveText(`Writes exactly “${phrase}”`);
  await expect(card.getByTestId('auto-toggle')).toHaveAttribute('aria-checked', 'true');
  await page.screenshot({ path: `${SHOTS}/list-1024.png` });
  await accessible(page, 'list 1024');
  await card.getByTestId('auto-open').click();
  await expect(step(page, '1.not_replied.0')).toBeVisible();
  await accessible(page, 'builder 1024');
  await page.goBack();
  await card.getByTestId('auto-report').click();
  await expect(page.getByTestId('auto-report-page')).toBeVisible();
  await accessible(page, 'report 1024');

  // the same automation on a phone: usable, nothing scrolls sideways
  await page.setViewportSize(PHONE);
  await page.goto('/#/automations');
  await expect(card).toBeVisible();
  await noSideScroll(page);
  await page.screenshot({ path: `${SHOTS}/list-360.png` });
  await accessible(page, 'list 360');
  await card.getByTestId('auto-open').click();
  await expect(step(page, '1.replied.0')).toBeVisible();
  await noSideScroll(page);
  await accessible(page, 'builder 360');
  await page.screenshot({ path: `${SHOTS}/builder-360.png` });
  await step(page, '1.replied.0').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/builder-360-lanes.png` });
  await page.getByTestId('auto-sim').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/simulate-360.png` });
  await page.goto(page.url().replace(/\/?$/, '/report'));
  await expect(page.getByTestId('auto-report-page')).toBeVisible();
  await noSideScroll(page);
  await accessible(page, 'report 360');
  await page.screenshot({ path: `${SHOTS}/report-360.png` });
});

test('the builder says what to fix, is usable from the keyboard, and shows a phrase another automation already uses', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36).slice(-5);
  const phrase = `INFO ${tag.toUpperCase()}`;
  const auth = { authorization: `Bearer ${await apiToken(request)}` };
  const first = await request.post('/api/v1/automations', {
    headers: auth,
    data: {
      name: `Primo ${tag}`,
      active: true,
      trigger: { type: 'message', match: 'exact', text: phrase },
      steps: [{ action: { type: 'add_tag', tag: `primo-${tag}` } }],
    },
  });
  expect(first.status(), await first.text()).toBe(201);

  await page.setViewportSize(TABLET);
  await signIn(page);
  await page.goto('/#/automations/new');
  await expect(page.getByTestId('auto-editor')).toBeVisible();

  // activating an empty automation lists what is missing; each item leads to its place
  await page.getByTestId('auto-activate').click();
  await expect(page.getByRole('heading', { name: 'Before activating' })).toBeFocused();
  const issues = page.getByTestId('auto-issues').getByTestId('auto-issue');
  await expect(issues).toHaveText([
    'Name: Give the automation a name.',
    'When does it start?: Write the phrase, keyword or button that starts it.',
    'Steps: Add at least one step.',
  ]);
  await expect(page.getByTestId('auto-trigger-issues')).toHaveText(
    'Write the phrase, keyword or button that starts it.',
  );
  await issues.first().getByRole('button').click();
  await expect(page.getByTestId('auto-name')).toBeFocused();
  await page.keyboard.type(`Secondo ${tag}`);
  await page.getByTestId('auto-trigger-text').fill(phrase);

  // a template step: the placeholders come pre-filled from the template, the one left empty is named
  const flowAdd = page.getByTestId('auto-flow').getByTestId('auto-add-step').last();
  await flowAdd.click();
  await step(page, '0').getByTestId('auto-action').selectOption('send_template');
  await step(page, '0').getByTestId('template-search').fill('order_update');
  await step(page, '0').locator('[data-testid="template-option"][data-name="order_update"]').click();
  const p1 = step(page, '0').locator('[data-testid="auto-param"][data-key="1"]');
  await expect(p1.getByTestId('auto-param-source')).toHaveValue('first_name');
  await expect(step(page, '0').getByTestId('auto-step-issues')).toHaveText('Fill every placeholder of the template.');
  await step(page, '0')
    .locator('[data-testid="auto-param"][data-key="2"]')
    .getByTestId('auto-param-value')
    .fill('#10234');
  await expect(step(page, '0').getByTestId('auto-step-issues')).toHaveCount(0);

  // a second step, moved above the first from the keyboard: the focus stays on the step that moved
  await flowAdd.click();
  await expect(step(page, '1').getByTestId('auto-action')).toBeFocused();
  await step(page, '1').getByTestId('auto-text').fill('Grazie, ti scriviamo subito.');
  await step(page, '1').getByRole('button', { name: 'Move step 2 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(step(page, '0')).toHaveAttribute('data-action', 'send_text');
  await expect(step(page, '1')).toHaveAttribute('data-action', 'send_template');
  await expect(step(page, '0').getByRole('button', { name: 'Move step 1 up' })).toBeFocused();

  // free text after a trigger that is not the customer writing: the builder warns about the closed window
  await expect(step(page, '0').getByTestId('auto-window-notice')).toHaveCount(0);
  await page.getByTestId('auto-trigger-type').selectOption('tag_added');
  await expect(step(page, '0').getByTestId('auto-window-notice')).toBeVisible();
  await expect(step(page, '0').getByTestId('auto-add-closed-lane')).toBeVisible();
  await page.getByTestId('auto-trigger-type').selectOption('message_exact');
  await expect(page.getByTestId('auto-trigger-text')).toHaveValue(phrase);
  await expect(page.getByTestId('auto-ready')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/builder-template-1024.png` });

  // the phrase is taken: saved as a draft, refused on activation, said on the trigger card
  await page.getByTestId('auto-activate').click();
  await expect(page.getByTestId('auto-trigger-issues')).toHaveText(
    'Another active automation already starts with this phrase.',
  );
  await expect(page.getByTestId('auto-editor')).toHaveAttribute('data-state', 'draft');
  await expect(page.getByTestId('auto-issues').getByTestId('auto-issue')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/phrase-taken-1024.png` });

  // a step without lanes goes at once; the list shows both, the copy as a draft
  await step(page, '1').getByTestId('auto-remove-step').click();
  await expect(page.getByTestId('auto-step')).toHaveCount(1);
  // leaving with unsaved changes asks first
  await page.getByTestId('auto-back').click();
  const leave = page.getByTestId('cmp-confirm');
  await expect(leave).toContainText('Leave without saving? Your changes will be lost.');
  await leave.getByRole('button', { name: 'Cancel' }).click();
  await expect(leave).toHaveCount(0);
  await page.getByTestId('auto-save').click();
  await expect(page.getByTestId('toast')).toHaveText('Automation saved');
  await page.getByTestId('auto-back').click();
  await expect(page.locator(`[data-testid="auto-card"][data-name="Secondo ${tag}"]`)).toHaveAttribute(
    'data-state',
    'draft',
  );
  const primo = page.locator(`[data-testid="auto-card"][data-name="Primo ${tag}"]`);
  await primo.getByTestId('auto-toggle').click();
  await expect(primo).toHaveAttribute('data-state', 'paused');
  await expect(primo.getByTestId('auto-toggle')).toHaveAttribute('aria-checked', 'false');
  await primo.getByTestId('auto-delete').click();
  await page.getByTestId('cmp-confirm-ok').click();
  await expect(primo).toHaveCount(0);
});

test('a free text with a list of 2 rows: built from the keyboard on a tablet, checked, saved and reopened as a list', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const tag = Date.now().toString(36).slice(-5);
  const name = `Menu lista ${tag}`;
  await page.setViewportSize(TABLET);
  await signIn(page);
  // the short label of the navigation fits the rail (the page keeps its full title)
  const navLabel = page.getByTestId('nav-automations').locator('span');
  await expect(navLabel).toHaveText('Flows');
  expect(await navLabel.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await page.getByTestId('nav-automations').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Automations');
  await page.getByTestId('auto-new').click();
  await page.getByTestId('auto-name').fill(name);
  await page.getByTestId('auto-trigger-text').fill(`MENU ${tag.toUpperCase()}`);
  // a date trigger starts in the business time zone, and another can be chosen
  await page.getByTestId('auto-trigger-type').selectOption('date');
  await expect(page.getByTestId('auto-trigger-timezone')).toHaveValue('Europe/Rome');
  await page.getByTestId('auto-trigger-timezone').selectOption('America/New_York');
  await expect(page.getByTestId('auto-trigger-timezone')).toHaveValue('America/New_York');
  await page.getByTestId('auto-trigger-type').selectOption('message_exact');
  await expect(page.getByTestId('auto-trigger-text')).toHaveValue(`MENU ${tag.toUpperCase()}`);
  await page.getByTestId('auto-flow').getByTestId('auto-add-step').last().click();
  const s0 = step(page, '0');
  await s0.getByTestId('auto-text').fill('Di cosa hai bisogno?');

  // no buttons by default; the arrow keys move to reply buttons, then to the list
  await expect(s0.getByTestId('auto-reply-none')).toBeChecked();
  await s0.getByTestId('auto-reply-none').focus();
  await page.keyboard.press('ArrowRight');
  await expect(s0.getByTestId('auto-reply-buttons')).toBeChecked();
  await expect(s0.getByTestId('auto-text-button')).toHaveCount(1);
  await page.keyboard.press('ArrowRight');
  await expect(s0.getByTestId('auto-reply-list')).toBeChecked();
  await expect(s0.getByTestId('auto-buttons')).toHaveCount(0);
  const list = s0.getByTestId('auto-list-editor');
  await expect(list.getByTestId('auto-list-row')).toHaveCount(1);
  await expect(page.getByTestId('auto-issues')).toContainText('Write the button that opens the list.');

  // the list's button and two rows; the counts follow the typing; "Add row" takes the focus to the new title
  await list.getByRole('textbox', { name: 'Button that opens the list' }).fill('Scegli');
  await expect(list.getByText('6/20')).toBeVisible();
  const rows = list.getByTestId('auto-list-row');
  await rows.nth(0).getByRole('textbox', { name: 'Title' }).fill('Orari');
  await rows.nth(0).getByRole('textbox', { name: 'Description (optional)' }).fill('Quando siamo aperti');
  await expect(rows.nth(0).getByText('5/24')).toBeVisible();
  await expect(rows.nth(0).getByText('19/72')).toBeVisible();
  await list.getByTestId('auto-add-row').click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).getByTestId('auto-row-title')).toBeFocused();
  await page.keyboard.type('orari');
  await expect(page.getByTestId('auto-issues')).toContainText('Two rows of the list have the same title.');
  await rows.nth(1).getByTestId('auto-row-title').fill('Prezzi');
  await expect(page.getByTestId('auto-ready')).toBeVisible();
  await list.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/builder-list-1024.png` });
  await accessible(page, 'builder list 1024');

  // saved: the API holds the list (no buttons); reopened, the builder shows it again
  await page.getByTestId('auto-save').click();
  await expect(page.getByTestId('toast')).toHaveText('Automation saved');
  await expect(page).toHaveURL(/#\/automations\/[a-z0-9]{15}$/);
  const id = page.url().split('/').pop()!;
  const auth = { authorization: `Bearer ${await apiToken(request)}` };
  const saved = (await (await request.get(`/api/v1/automations/${id}`, { headers: auth })).json()) as {
    steps: Array<{ action: Record<string, unknown> }>;
  };
  expect(saved.steps[0]!.action).toEqual({
    type: 'send_text',
    text: 'Di cosa hai bisogno?',
    list: {
      button: 'Scegli',
      rows: [{ title: 'Orari', description: 'Quando siamo aperti' }, { title: 'Prezzi' }],
    },
  });
  await page.reload();
  await expect(step(page, '0').getByTestId('auto-reply-list')).toBeChecked();
  const again = step(page, '0').getByTestId('auto-list-row');
  await expect(again).toHaveCount(2);
  await expect(again.nth(1).getByTestId('auto-row-title')).toHaveValue('Prezzi');
  await expect(step(page, '0').getByTestId('auto-list-button')).toHaveValue('Scegli');

  // the same on a phone: nothing scrolls sideways, the label of the navigation is whole
  await page.setViewportSize(PHONE);
  await again.nth(1).scrollIntoViewIfNeeded();
  await noSideScroll(page);
  expect(await navLabel.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await page.screenshot({ path: `${SHOTS}/builder-list-360.png` });
  await accessible(page, 'builder list 360');
});

test('only admins and managers see automations', async ({ browser, request }) => {
  const manager = await createUser(request, 'manager');
  const operator = await createUser(request, 'operator');
  const asManager = await browser.newContext({ viewport: TABLET });
  const page = await asManager.newPage();
  await signIn(page, manager.email, manager.password);
  await page.getByTestId('nav-automations').click();
  await expect(page.getByTestId('auto-new')).toBeVisible();
  await asManager.close();

  const asOperator = await browser.newContext({ viewport: PHONE });
  const op = await asOperator.newPage();
  await signIn(op, operator.email, operator.password);
  await expect(op.getByTestId('nav-templates')).toBeVisible();
  await expect(op.getByTestId('nav-automations')).toHaveCount(0);
  await op.goto('/#/automations');
  await expect(op.getByRole('main')).toContainText('You are not allowed to do this.');
  await expect(op.getByTestId('auto-new')).toHaveCount(0);
  await asOperator.close();
});

test('a contact inside an automation is taken out from its page; its pending step never runs', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize(TABLET);
  const headers = { authorization: `Bearer ${await apiToken(request)}` };
  const created = await request.post('/api/v1/automations', {
    headers,
    data: {
      name: 'Primo contatto in uscita',
      active: true,
      trigger: { type: 'integration' },
      steps: [{ after: { days: 1 }, action: { type: 'add_tag', tag: 'mai-aggiunto' } }],
    },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;
  const phone = customerPhone();
  const start = await request.post(`/api/v1/automations/${id}/start`, {
    headers,
    data: { phone: `+${phone}`, first_name: 'Uscita' },
  });
  expect(start.status()).toBe(202);
  const contact = (await start.json()).contact as string;
  await expect
    .poll(async () => (await (await request.get(`/api/v1/automations/${id}/report`, { headers })).json()).running)
    .toBe(1);

  await signIn(page);
  await page.goto(`/#/contacts/${contact}`);
  const card = page.getByTestId('cp-automations');
  await expect(card.getByRole('link', { name: 'Primo contatto in uscita' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/contact-automations-tablet.png`, fullPage: true });
  await card.getByRole('button').first().click();
  await page.getByTestId('cmp-confirm-ok').click();
  await expect(card.getByRole('link', { name: 'Primo contatto in uscita' })).toHaveCount(0);
  const report = await (await request.get(`/api/v1/automations/${id}/report`, { headers })).json();
  expect(report).toMatchObject({ running: 0, exited: 1, exit_reasons: { removed: 1 } });
  await accessible(page, 'contact page');
});
