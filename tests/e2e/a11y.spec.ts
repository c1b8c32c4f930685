/**
 * Accessibility of the main screens, checked by axe-core in Chromium, in light and dark mode at phone
 * size (and light on a tablet, where list and chat share the screen): no serious or critical violation
 * (contrast included), exactly one `main` landmark and one `h1`.
 * Screens carry real content that used to fail (avatars, quoted replies with sender names, tabs).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, conversationOf, customerPhone, customerSays, signIn } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

let chatId = '';
let contactId = '';
let customer = '';

async function messagesOf(request: APIRequestContext, token: string, conv: string) {
  const r = await request.get(`/api/v1/conversations/${conv}/messages`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await r.json()) as { items: Array<{ wamid: string; direction: string; status: string }> }).items;
}

test.beforeAll(async ({ request }) => {
  const admin = await apiToken(request);
  const phone = (customer = customerPhone());
  const first = await customerSays(
    request,
    phone,
    'Beatrice Gallo',
    'Buongiorno, avete il divano *Oslo* anche in _verde_?',
  );
  chatId = await conversationOf(request, phone);
  // the business quotes the customer, the customer quotes the business: both quote styles on screen
  const sent = await request.post('/api/v1/messages', {
    headers: { authorization: `Bearer ${admin}` },
    data: {
      to: `+${phone}`,
      type: 'text',
      text: { body: 'Sì, in verde bosco e salvia.' },
      context: { message_id: first.wamid },
    },
  });
  expect(sent.status(), await sent.text()).toBe(202);
  let businessWamid = '';
  await expect(async () => {
    businessWamid =
      (await messagesOf(request, admin, chatId)).find((m) => m.direction === 'out' && m.wamid)?.wamid ?? '';
    expect(businessWamid).not.toBe('');
  }).toPass();
  const r = await request.post('/sandbox/customer/messages', {
    data: { from: phone, type: 'text', text: 'Perfetto, prendo il salvia.', context: { replyTo: businessWamid } },
  });
  expect(r.ok(), await r.text()).toBe(true);
  const buttons = await request.post('/api/v1/messages', {
    headers: { authorization: `Bearer ${admin}` },
    data: {
      to: `+${phone}`,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Consegna o ritiro?' },
        footer: { text: 'Rispondiamo entro un’ora' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'c', title: 'Consegna' } },
            { type: 'reply', reply: { id: 'r', title: 'Ritiro' } },
          ],
        },
      },
    },
  });
  expect(buttons.status(), await buttons.text()).toBe(202);
  const contacts = await request.get(`/api/v1/contacts?q=${phone}`, { headers: { authorization: `Bearer ${admin}` } });
  contactId = ((await contacts.json()) as { items: Array<{ id: string }> }).items[0]!.id;
});

/** Serious and critical axe violations on the page as it is now, as readable lines. */
async function audit(page: Page, screen: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const lines = violations.flatMap((v) =>
    v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} ${n.any[0]?.message ?? ''}`.trim()),
  );
  if (lines.length) console.log(`axe ${screen}:\n  ${lines.join('\n  ')}`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

async function landmarks(page: Page) {
  // what assistive technology gets: elements not display:none / visibility:hidden (a visually hidden h1 counts)
  return page.evaluate(() => {
    const shown = (sel: string) =>
      [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility({ visibilityProperty: true })).length;
    return { main: shown('main, [role="main"]'), h1: shown('h1') };
  });
}

const SCREENS: Array<{ name: string; open: (page: Page) => Promise<void>; signedIn: boolean }> = [
  {
    name: 'sign-in',
    signedIn: false,
    open: async (page) => {
      await page.goto('/');
      await expect(page.getByTestId('signin-form')).toBeVisible();
    },
  },
  {
    name: 'inbox list',
    signedIn: true,
    open: async (page) => {
      await page.goto('/#/');
      await expect(page.getByTestId('conversation-row').first()).toBeVisible();
    },
  },
  {
    name: 'chat',
    signedIn: true,
    open: async (page) => {
      await page.goto(`/#/c/${chatId}`);
      await expect(page.getByText('Perfetto, prendo il salvia.')).toBeVisible();
      await expect(page.locator('.quote, [data-testid="quote"]').first()).toBeVisible();
    },
  },
  {
    name: 'contacts',
    signedIn: true,
    open: async (page) => {
      await page.goto('/#/contacts');
      await expect(page.getByText('Beatrice Gallo').first()).toBeVisible();
    },
  },
  {
    name: 'contact page',
    signedIn: true,
    open: async (page) => {
      await page.goto(`/#/contacts/${contactId}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Beatrice Gallo');
    },
  },
  {
    name: 'settings',
    signedIn: true,
    open: async (page) => {
      await page.goto('/#/settings/account');
      await expect(page.getByTestId('settings-language')).toBeVisible();
    },
  },
  {
    name: 'team settings',
    signedIn: true,
    open: async (page) => {
      await page.goto('/#/settings/team');
      await expect(page.getByTestId('user-row').first()).toBeVisible();
    },
  },
  {
    name: 'sandbox phone',
    signedIn: false,
    open: async (page) => {
      await page.goto(`/sandbox/?phone=${customer}&name=Beatrice%20Gallo`);
      await expect(page.getByText('Consegna o ritiro?')).toBeVisible();
    },
  },
];

const RUNS = [
  { scheme: 'light', size: 'phone', viewport: { width: 360, height: 740 } },
  { scheme: 'dark', size: 'phone', viewport: { width: 360, height: 740 } },
  { scheme: 'light', size: 'tablet', viewport: { width: 1024, height: 768 } },
] as const;

for (const { scheme, size, viewport } of RUNS) {
  test(`main screens in ${scheme} mode on a ${size}: no serious axe violation, one main, one h1`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: scheme });
    const failures: Record<string, string[]> = {};
    let signedIn = false;
    for (const s of SCREENS) {
      if (s.signedIn && !signedIn) {
        await signIn(page);
        signedIn = true;
      }
      await s.open(page);
      const found = await audit(page, `${s.name} (${scheme}, ${size})`);
      const { main, h1 } = await landmarks(page);
      if (main !== 1) found.push(`${main} main landmarks`);
      if (h1 !== 1) found.push(`${h1} h1 headings`);
      if (found.length) failures[s.name] = found;
    }
    expect(failures).toEqual({});
  });
}
