import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { registerServiceWorker } from './features/pwa/register.ts';
import { writeJson, readJson } from './lib/storage.ts';
import { pickLocale, setLocale } from './i18n/index.ts';
import { $session, initSession } from './stores/session.ts';
import { initTheme } from './stores/theme.ts';
import './styles/app.css';
import './styles/pwa.css';
import './styles/channel.css';

// Home-screen shortcuts open a tab of the inbox: #/?tab=mine | unassigned
const shortcut = /^#\/\?tab=(mine|unassigned)$/.exec(location.hash);
if (shortcut) {
  writeJson('inbox', { ...readJson<Record<string, unknown>>('inbox', {}), tab: shortcut[1] });
  history.replaceState(history.state, '', '#/');
}

initTheme();
initSession();
registerServiceWorker();
// the first screen appears in the user's language, not in English for a moment
await setLocale(pickLocale($session.get()?.user.language));
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(() => <App />, root);
}
