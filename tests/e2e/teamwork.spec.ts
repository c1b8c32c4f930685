/** Team work in a chat: internal notes with @mentions, quick replies with "/", presence of teammates. */
import { expect, test } from '@playwright/test';
import { createUser, customerPhone, customerSays, openChat, signIn } from './helpers.ts';

test('internal note with an @mention stays inside the team', async ({ page, browser, request }) => {
  const mate = await createUser(request, 'operator', { name: 'Nadia Note', see_unassigned: true });
  const phone = customerPhone();
  const name = `Notes ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Buonasera, ho un problema con la fattura');
  await signIn(page);
  await openChat(page, name);
  await page.getByTestId('mode-note').click();
  const input = page.getByTestId('composer-input');
  await input.fill('Chiedo a ');
  await input.pressSequentially('@Nad');
  await expect(page.getByTestId('suggestion').first()).toContainText('@Nadia Note');
  await input.press('Enter');
  await expect(input).toHaveValue('Chiedo a @Nadia Note ');
  await input.pressSequentially('di controllare la fattura');
  await page.getByTestId('composer-send').click();
  const note = page.locator('[data-testid="message"][data-type="note"]');
  await expect(note).toContainText('@Nadia Note di controllare la fattura');
  await expect(note).toContainText('Internal note');
  await expect(note.getByTestId('ticks')).toHaveCount(0);

  // the teammate sees it, the customer never does
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const other = await ctx.newPage();
  await signIn(other, mate.email, mate.password);
  await openChat(other, name);
  await expect(other.locator('[data-testid="message"][data-type="note"]')).toContainText('di controllare la fattura');
  const history = await (await request.get(`/sandbox/customer/${phone}/messages`)).json();
  expect(JSON.stringify(history)).not.toContain('controllare la fattura');
  await ctx.close();
});

test('quick replies: saved in settings, inserted with "/" and sent', async ({ page, browser, request }) => {
  const phone = customerPhone();
  const name = `Quick ${phone.slice(-4)}`;
  const shortcut = `orari${Date.now().toString(36).slice(-4)}`;
  await customerSays(request, phone, name, 'A che ora aprite?');
  await signIn(page);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-quick-replies').click();
  const form = page.getByTestId('quick-reply-form');
  await form.locator('input[name="shortcut"]').fill(shortcut);
  await form.locator('input[name="title"]').fill('Orari del negozio');
  await form.locator('textarea[name="body"]').fill('Siamo aperti dal lunedì al sabato, 9:00–19:00.');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('quick-reply').filter({ hasText: `/${shortcut}` })).toBeVisible();
  await page.getByTestId('settings-back').click();

  await openChat(page, name);
  const input = page.getByTestId('composer-input');
  await input.pressSequentially(`/${shortcut.slice(0, 6)}`);
  await expect(page.getByTestId('suggestion').first()).toContainText(`/${shortcut}`);
  await input.press('Enter');
  await expect(input).toHaveValue('Siamo aperti dal lunedì al sabato, 9:00–19:00.');
  await input.press('Enter');
  await expect(
    page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: 'Siamo aperti' }),
  ).toBeVisible();
  const ctx = await browser.newContext();
  const phonePage = await ctx.newPage();
  await phonePage.goto(`/sandbox/?phone=${phone}`);
  await expect(phonePage.getByTestId('bubble').filter({ hasText: 'Siamo aperti dal lunedì al sabato' })).toBeVisible();
  await ctx.close();
});

test('presence: a teammate in the same chat is shown as viewing, then typing', async ({ page, browser, request }) => {
  const mate = await createUser(request, 'manager', { name: 'Teo Typer' });
  const phone = customerPhone();
  const name = `Presence ${phone.slice(-4)}`;
  await customerSays(request, phone, name, 'Qualcuno mi risponde?');
  await signIn(page);
  await openChat(page, name);

  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const other = await ctx.newPage();
  await signIn(other, mate.email, mate.password);
  await openChat(other, name);
  await expect(page.getByTestId('presence')).toHaveText('Teo Typer viewing this chat');
  await other.getByTestId('composer-input').pressSequentially('Sto rispondendo io');
  await expect(page.getByTestId('presence')).toHaveText('Teo Typer typing…');
  await ctx.close();
  // leaving sends "idle": the indicator goes away
  await expect(page.getByTestId('presence')).toHaveCount(0, { timeout: 20_000 });
});
