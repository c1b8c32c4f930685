/** Settings (lazy-loaded): account and language, team management (admins), quick replies. */
import { useStore } from '@nanostores/solid';
import { For, lazy, Match, Suspense, Switch } from 'solid-js';
import { LOCALE_NAMES, LOCALES, pickLocale, setLocale, t, type Locale } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { navigate } from '../../router.ts';
import { $session, can, logout, logoutEverywhere, patchSessionUser } from '../../stores/session.ts';
import { $theme, setTheme, THEMES, type Theme } from '../../stores/theme.ts';
import type { Action } from '../../../../api/src/engine/policy/permissions.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';

const UsersAdmin = lazy(() => import('./UsersAdmin.tsx'));
const QuickRepliesAdmin = lazy(() => import('./QuickRepliesAdmin.tsx'));
const NotificationsSettings = lazy(() => import('./NotificationsSettings.tsx'));
const NumbersSettings = lazy(() => import('../numbers/NumbersSettings.tsx'));
const SetupChecklistPage = lazy(() => import('../numbers/SetupChecklist.tsx'));
const DeadLettersAdmin = lazy(() => import('./DeadLettersAdmin.tsx'));
const BusinessHoursAdmin = lazy(() => import('../calendar/BusinessHoursAdmin.tsx'));
const BackupsAdmin = lazy(() => import('./BackupsAdmin.tsx'));
const TABS = [
  'account',
  'notifications',
  'team',
  'quick-replies',
  'hours',
  'whatsapp',
  'setup',
  'dead-letters',
  'backups',
] as const;
/** admin-only tabs are not listed for others (the pages also say so, for a typed URL) */
/** tabs that need a permission beyond signing in */
const TAB_PERMISSION: Readonly<Record<string, Action>> = {
  whatsapp: 'numbers.write',
  setup: 'numbers.setup',
  'dead-letters': 'dead_letters.read',
  backups: 'backups.read',
};
const TAB_LABELS: Record<(typeof TABS)[number], () => string> = {
  account: () => t('settings.account'),
  notifications: () => t('pwa.notifications'),
  team: () => t('settings.users'),
  'quick-replies': () => t('settings.quickReplies'),
  hours: () => t('hours.tab'),
  whatsapp: () => t('numbers.settingsTab'),
  setup: () => t('numbers.setup.tab'),
  'dead-letters': () => t('reliability.deadLetters'),
  backups: () => t('security.backups'),
};
const THEME_LABEL = {
  system: 'settings.themeSystem',
  light: 'settings.themeLight',
  dark: 'settings.themeDark',
} as const;

function Account() {
  const session = useStore($session);
  const theme = useStore($theme);
  const changeLanguage = async (value: string) => {
    const lang = value as Locale | '';
    void setLocale(lang || pickLocale(null));
    const me = session()?.user;
    if (!me) return;
    patchSessionUser({ language: lang });
    try {
      await api(`/api/v1/users/${me.id}`, { method: 'PATCH', body: { language: lang } });
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  return (
    <section class="settings-section" aria-labelledby="account-title">
      <h2 id="account-title">{t('settings.account')}</h2>
      <p>
        {t('settings.signedInAs', {
          name: session()?.user.name || session()?.user.email || '',
          role: t(`roles.${session()?.user.role ?? 'viewer'}`),
        })}
      </p>
      <p class="muted">{session()?.user.email}</p>
      <label class="field">
        <span>{t('settings.language')}</span>
        <select
          value={session()?.user.language || ''}
          onChange={(e) => void changeLanguage(e.currentTarget.value)}
          data-testid="settings-language"
        >
          <option value="">
            {t('settings.languageAuto')} ({LOCALE_NAMES[pickLocale(null)]})
          </option>
          <For each={LOCALES}>
            {(l) => (
              <option value={l} lang={l} selected={session()?.user.language === l}>
                {LOCALE_NAMES[l]}
              </option>
            )}
          </For>
        </select>
      </label>
      <label class="field">
        <span>{t('settings.theme')}</span>
        <select
          value={theme()}
          onChange={(e) => setTheme(e.currentTarget.value as Theme)}
          aria-describedby="theme-hint"
          data-testid="settings-theme"
        >
          <For each={THEMES}>{(x) => <option value={x}>{t(THEME_LABEL[x])}</option>}</For>
        </select>
        <small id="theme-hint" class="muted">
          {t('settings.themeHint')}
        </small>
      </label>
      <button
        type="button"
        class="btn"
        onClick={() => void logout().then(() => navigate('/', { replace: true }))}
        data-testid="sign-out"
      >
        <Icon name="logout" /> {t('auth.signOut')}
      </button>
      <p class="muted">{t('security.signOutEverywhereHint')}</p>
      <button
        type="button"
        class="btn"
        data-testid="sign-out-everywhere"
        onClick={() => {
          if (!confirm(t('security.signOutEverywhereConfirm'))) return;
          logoutEverywhere().then(
            () => navigate('/', { replace: true }),
            (err: unknown) => toast(errorText(err), 'error'),
          );
        }}
      >
        <Icon name="logout" /> {t('security.signOutEverywhere')}
      </button>
    </section>
  );
}

export default function SettingsPage(props: { tab: string }) {
  const session = useStore($session);
  const tabs = () => TABS.filter((x) => !TAB_PERMISSION[x] || can.do(session()?.user, TAB_PERMISSION[x]));
  const tab = () => (tabs().includes(props.tab as never) ? props.tab : 'account');
  return (
    <div class="settings">
      <header class="topbar">
        <a class="icon-btn" href="#/" aria-label={t('settings.back')} data-testid="settings-back">
          <Icon name="back" />
        </a>
        <h1 class="topbar-title">{t('settings.title')}</h1>
      </header>
      <div class="settings-body">
        <nav class="settings-nav" aria-label={t('settings.title')}>
          <For each={tabs()}>
            {(x) => (
              <a
                href={`#/settings/${x}`}
                class="settings-link"
                aria-current={tab() === x ? 'page' : undefined}
                data-testid={`settings-tab-${x}`}
              >
                {TAB_LABELS[x]()}
              </a>
            )}
          </For>
        </nav>
        <main class="settings-main" id="main">
          <Suspense fallback={<p class="muted pad">{t('app.loading')}</p>}>
            <Switch>
              <Match when={tab() === 'notifications'}>
                <NotificationsSettings />
              </Match>
              <Match when={tab() === 'team'}>
                <UsersAdmin />
              </Match>
              <Match when={tab() === 'quick-replies'}>
                <QuickRepliesAdmin />
              </Match>
              <Match when={tab() === 'whatsapp'}>
                <NumbersSettings />
              </Match>
              <Match when={tab() === 'setup'}>
                <SetupChecklistPage />
              </Match>
              <Match when={tab() === 'dead-letters'}>
                <DeadLettersAdmin />
              </Match>
              <Match when={tab() === 'hours'}>
                <BusinessHoursAdmin />
              </Match>
              <Match when={tab() === 'backups'}>
                <BackupsAdmin />
              </Match>
              <Match when={tab() === 'account'}>
                <Account />
              </Match>
            </Switch>
          </Suspense>
        </main>
      </div>
    </div>
  );
}
