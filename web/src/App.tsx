/** The shell: sign-in gate, inbox layout (list + chat side by side on wide screens), lazy settings. */
import { useStore } from '@nanostores/solid';
import { createEffect, lazy, on, Show, Suspense } from 'solid-js';
import { SignInPage } from './features/auth/SignInPage.tsx';
import { AppNav } from './features/contacts/AppNav.tsx';
import { outbox } from './features/composer/outbox.ts';
import { InboxList } from './features/inbox/InboxList.tsx';
import { startRealtime, stopRealtime } from './features/inbox/inbox.ts';
import { PwaBar } from './features/pwa/PwaBar.tsx';
import { AccountBanner } from './features/channel/AccountBanner.tsx';
import { startOfflineSync, stopOfflineSync } from './features/pwa/offline-cache.ts';
import { pickLocale, setLocale, t } from './i18n/index.ts';
import { route } from './router.ts';
import { $session, $sessionExpired } from './stores/session.ts';
import { loadTeam } from './stores/team.ts';
import { loadNumbers } from './features/numbers/numbers.store.ts';
import { $toast } from './ui/toast.ts';

// the list is the first screen on a phone: the chat (view, composer, renderers) loads on demand
const ChatView = lazy(() => import('./features/chat/ChatView.tsx').then((m) => ({ default: m.ChatView })));
const SettingsPage = lazy(() => import('./features/settings/SettingsPage.tsx'));
const CrmPage = lazy(() => import('./features/contacts/CrmPage.tsx'));
const TemplatesPage = lazy(() => import('./features/templates/TemplatesPage.tsx'));
const CampaignsPage = lazy(() => import('./features/campaigns/CampaignsPage.tsx'));
const campaignsRoute = () => {
  const r = route();
  return r.name === 'campaigns' ? r : undefined;
};
const AutomationsPage = lazy(() => import('./features/automations/AutomationsPage.tsx'));
const automationsRoute = () => {
  const r = route();
  return r.name === 'automations' ? r : undefined;
};
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage.tsx'));
const dashboardRoute = () => {
  const r = route();
  return r.name === 'dashboard' ? r : undefined;
};
const templatesRoute = () => {
  const r = route();
  return r.name === 'templates' ? r : undefined;
};
const crmRoute = () => {
  const r = route();
  return r.name === 'crm' ? r : undefined;
};
const settingsTab = () => {
  const r = route();
  return r.name === 'settings' ? r.tab : undefined;
};

function Toasts() {
  const toast = useStore($toast);
  return (
    <div class="toast-region" role="status" aria-live="polite">
      <Show when={toast()}>
        {(x) => (
          <div class="toast" classList={{ error: x().kind === 'error' }} data-testid="toast">
            {x().text}
          </div>
        )}
      </Show>
    </div>
  );
}

function EmptyPane() {
  return (
    <div class="empty-pane">
      <span class="brand-mark big" aria-hidden="true">
        ✓✓
      </span>
      <h2>{t('inbox.selectChat')}</h2>
      <p class="muted">{t('inbox.selectChatHint')}</p>
    </div>
  );
}

function Inbox() {
  return (
    // one <main> for the screen: on a phone the list and the chat take turns, so neither pane may own it
    <main class="layout" id="main" classList={{ 'chat-open': !!route().chatId }}>
      <div class="pane-list">
        <InboxList />
      </div>
      <div class="pane-chat">
        <Show when={route().chatId} fallback={<EmptyPane />}>
          {(id) => (
            <Suspense fallback={<p class="pad muted">{t('app.loading')}</p>}>
              <ChatView id={id()} info={!!route().info} />
            </Suspense>
          )}
        </Show>
      </div>
    </main>
  );
}

export function App() {
  const session = useStore($session);

  createEffect(() => void setLocale(pickLocale(session()?.user.language)));
  createEffect(
    on(
      () => session()?.user.id,
      (id, prev) => {
        if (id) {
          void loadTeam();
          void loadNumbers();
          void startRealtime();
          void outbox.resume();
          startOfflineSync();
          // fetch the chat code while the operator looks at the list, so opening a chat is instant
          const idle =
            (globalThis as { requestIdleCallback?: (cb: () => void) => void }).requestIdleCallback ??
            ((cb: () => void) => setTimeout(cb, 1500));
          idle(() => void import('./features/chat/ChatView.tsx'));
          return;
        }
        stopRealtime();
        stopOfflineSync();
        // ChatView's own cleanup closes the chat when the shell unmounts it
        // a deliberate sign-out drops unsent messages; an expired session keeps them for after sign-in
        if (prev && !$sessionExpired.get()) for (const i of outbox.$outbox.get()) outbox.discard(i.key);
      },
    ),
  );

  return (
    <>
      {/* focus the screen's <main> without touching the hash (the hash is the route) */}
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          const main = document.getElementById('main');
          main?.setAttribute('tabindex', '-1');
          main?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <PwaBar />
      <Show when={session()} fallback={<SignInPage />}>
        <AccountBanner />
        <div class="app-shell" classList={{ 'in-chat': !!route().chatId }}>
          <AppNav />
          <div class="app-main">
            <Show
              when={crmRoute()}
              fallback={
                <Show
                  when={settingsTab()}
                  fallback={
                    <Show
                      when={templatesRoute()}
                      fallback={
                        <Show
                          when={campaignsRoute()}
                          fallback={
                            <Show
                              when={automationsRoute()}
                              fallback={
                                <Show when={dashboardRoute()} fallback={<Inbox />}>
                                  {(r) => (
                                    <Suspense fallback={<p class="pad muted">{t('app.loading')}</p>}>
                                      <DashboardPage tab={r().tab} />
                                    </Suspense>
                                  )}
                                </Show>
                              }
                            >
                              {(r) => (
                                <Suspense fallback={<p class="pad muted">{t('app.loading')}</p>}>
                                  <AutomationsPage id={r().id} report={r().report} />
                                </Suspense>
                              )}
                            </Show>
                          }
                        >
                          {(r) => (
                            <Suspense fallback={<p class="pad muted">{t('app.loading')}</p>}>
                              <CampaignsPage id={r().id} edit={r().edit} />
                            </Suspense>
                          )}
                        </Show>
                      }
                    >
                      {(r) => (
                        <Suspense fallback={<p class="pad muted">{t('app.loading')}</p>}>
                          <TemplatesPage id={r().id} />
                        </Suspense>
                      )}
                    </Show>
                  }
                >
                  {(tab) => (
                    <Suspense fallback={<p class="pad muted">{t('app.loading')}</p>}>
                      <SettingsPage tab={tab()} />
                    </Suspense>
                  )}
                </Show>
              }
            >
              {(r) => (
                <Suspense fallback={<p class="pad muted">{t('app.loading')}</p>}>
                  <CrmPage section={r().section} id={r().id} />
                </Suspense>
              )}
            </Show>
          </div>
        </div>
      </Show>
      <Toasts />
    </>
  );
}
