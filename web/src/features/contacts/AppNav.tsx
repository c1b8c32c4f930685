/**
 * The app's main navigation — Chats, Contacts, Settings: a bar at the bottom on phones (hidden inside a
 * chat, where the composer sits), a rail on the left from 768 px. Part of the first screen, so it stays
 * tiny: the contacts screens themselves are a lazy chunk.
 */
import { useStore } from '@nanostores/solid';
import { For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { route } from '../../router.ts';
import { $session, can } from '../../stores/session.ts';
import '../../styles/nav.css';
import '../../styles/counts.css';
import { $counts } from '../inbox/counts.ts';
import { campaignsCan } from '../campaigns/campaigns-access.ts';
import { automationsCan } from '../automations/automations-access.ts';

const ITEMS = [
  { key: 'chats', href: '#/', d: 'M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-5A8 8 0 1 1 21 12z' },
  {
    key: 'contacts',
    href: '#/contacts',
    d: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 14 0M16 3.5a4 4 0 0 1 0 7.5M18 14.5a7 7 0 0 1 4 6.5',
  },
  // shown to those who have figures to read (the policy's analytics.own: everyone but viewers)
  { key: 'dashboard', href: '#/dashboard', d: 'M4 20V10M10 20V4M16 20v-7M22 20H2' },
  { key: 'templates', href: '#/templates', d: 'M5 3h11l3 3v15H5zM9 9h6M9 13h6M9 17h4' },
  // a megaphone; shown to the roles that may run campaigns (campaignsCan)
  { key: 'campaigns', href: '#/campaigns', d: 'M3 10v4h3l7 5V5L6 10H3zM16 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12' },
  // a lightning bolt; the same roles as campaigns (automationsCan)
  { key: 'automations', href: '#/automations', d: 'M13 2L4 14h7l-1 8 9-12h-7l1-8z' },
  {
    key: 'settings',
    href: '#/settings',
    d: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 13.5l1.6 1.2-2 3.4-1.9-.7a7 7 0 0 1-1.7 1l-.3 2H11l-.3-2a7 7 0 0 1-1.7-1l-1.9.7-2-3.4 1.6-1.2a7 7 0 0 1 0-3L5 9.3l2-3.4 1.9.7a7 7 0 0 1 1.7-1L11 3.6h4l.3 2a7 7 0 0 1 1.7 1l1.9-.7 2 3.4-1.6 1.2a7 7 0 0 1 0 3z',
  },
] as const;

type Section = (typeof ITEMS)[number]['key'];

export function currentSection(): Section {
  const r = route();
  return r.name === 'crm'
    ? 'contacts'
    : r.name === 'settings'
      ? 'settings'
      : r.name === 'templates'
        ? 'templates'
        : r.name === 'campaigns'
          ? 'campaigns'
          : r.name === 'automations'
            ? 'automations'
            : r.name === 'dashboard'
              ? 'dashboard'
              : 'chats';
}

export function AppNav() {
  const counts = useStore($counts);
  const session = useStore($session);
  const unread = () => counts()?.unread ?? 0;
  const items = () =>
    ITEMS.filter(
      (i) =>
        (i.key !== 'campaigns' || campaignsCan.manage(session()?.user)) &&
        (i.key !== 'automations' || automationsCan.manage(session()?.user)) &&
        (i.key !== 'dashboard' || can.do(session()?.user, 'analytics.own')),
    );
  return (
    <nav class="app-nav" aria-label={t('crm.nav.label')} data-testid="app-nav">
      <For each={items()}>
        {(item) => (
          <a
            class="app-nav-link"
            href={item.href}
            aria-current={currentSection() === item.key ? 'page' : undefined}
            data-testid={`nav-${item.key}`}
          >
            <svg
              class="icon"
              width="24"
              height="24"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              stroke-width="2"
              stroke-linecap="round"
              stroke-linejoin="round"
              aria-hidden="true"
            >
              <path d={item.d} />
            </svg>
            <span>
              {item.key === 'templates'
                ? t('tpl.nav')
                : item.key === 'campaigns'
                  ? t('cmp.nav')
                  : item.key === 'automations'
                    ? t('auto.nav')
                    : item.key === 'dashboard'
                      ? t('dash.nav')
                      : t(`crm.nav.${item.key}`)}
            </span>
            {/* chats with unread messages, as the page title and the app icon show them */}
            <Show when={item.key === 'chats' && unread() > 0}>
              <span class="nav-badge" data-testid="nav-unread" aria-hidden="true">
                {unread() > 99 ? '99+' : unread()}
              </span>
              <span class="sr-only">{t('own.navUnread', unread())}</span>
            </Show>
          </a>
        )}
      </For>
    </nav>
  );
}
