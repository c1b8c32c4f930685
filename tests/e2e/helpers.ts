/** Shared steps for the inbox e2e tests: API shortcuts (users, customers) and UI sign-in. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config.ts';

export { E2E_ADMIN };
export type Role = 'admin' | 'manager' | 'operator' | 'viewer';

export async function apiToken(
  request: APIRequestContext,
  email = E2E_ADMIN.email,
  password = E2E_ADMIN.password,
): Promise<string> {
  const r = await request.post('/api/auth/login', { data: { email, password } });
  expect(r.ok(), await r.text()).toBe(true);
  return ((await r.json()) as { token: string }).token;
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

/** A team member created by the admin through POST /api/v1/users. */
export async function createUser(
  request: APIRequestContext,
  role: Role,
  opts: { name?: string; see_unassigned?: boolean } = {},
) {
  const admin = await apiToken(request);
  const email = `${role}-${unique()}@e2e.local`;
  const password = 'e2e-password-123';
  const r = await request.post('/api/v1/users', {
    headers: { authorization: `Bearer ${admin}` },
    data: {
      email,
      password,
      role,
      name: opts.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${unique().slice(-4)}`,
      see_unassigned: opts.see_unassigned ?? false,
    },
  });
  expect(r.status(), await r.text()).toBe(201);
  const { user } = (await r.json()) as { user: { id: string; name: string } };
  return { id: user.id, name: user.name, email, password };
}

/** A fresh customer phone number (Italian mobile shape). */
export function customerPhone(): string {
  return `39333${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`;
}

/** The customer writes through the sandbox (real signed webhook to Spunta). `ago` backdates it. */
export async function customerSays(
  request: APIRequestContext,
  from: string,
  name: string,
  text: string,
  opts: { agoSeconds?: number } = {},
) {
  const data: Record<string, unknown> = { from, name, type: 'text', text };
  if (opts.agoSeconds) data.timestamp = Math.floor(Date.now() / 1000) - opts.agoSeconds;
  const r = await request.post('/sandbox/customer/messages', { data });
  expect(r.ok(), await r.text()).toBe(true);
  return (await r.json()) as { wamid: string };
}

/** The conversation id for a customer, as the admin sees it. */
export async function conversationOf(request: APIRequestContext, phone: string): Promise<string> {
  const admin = await apiToken(request);
  let id = '';
  await expect(async () => {
    const r = await request.get(`/api/v1/conversations?q=${phone}`, { headers: { authorization: `Bearer ${admin}` } });
    const body = (await r.json()) as { items: Array<{ id: string; contact_phone: string }> };
    id = body.items.find((c) => c.contact_phone === `+${phone}`)?.id ?? '';
    expect(id).not.toBe('');
  }).toPass({ timeout: 15_000 });
  return id;
}

export async function signIn(page: Page, email = E2E_ADMIN.email, password = E2E_ADMIN.password): Promise<void> {
  await page.goto('/');
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('conversation-list')).toBeVisible();
}

export function row(page: Page, name: string) {
  return page
    .getByTestId('conversation-row')
    .filter({ has: page.getByTestId('conversation-name').getByText(name, { exact: true }) });
}

/** Open a chat from the list (choosing the "All" tab when the role has it). */
export async function openChat(page: Page, name: string): Promise<void> {
  const all = page.getByTestId('tab-all');
  if (await all.count()) await all.click();
  await row(page, name).click();
  await expect(page.getByTestId('chat-name')).toHaveText(name);
}

/** Serious and critical axe violations, one main and one visible h1. */
export async function accessible(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${screen} ${v.id}: ${n.target.join(' ')}`));
  expect(serious).toEqual([]);
  const counts = await page.evaluate(() => ({
    main: document.querySelectorAll('main').length,
    h1: [...document.querySelectorAll('h1')].filter((e) => e.checkVisibility()).length,
  }));
  expect(counts, screen).toEqual({ main: 1, h1: 1 });
}
