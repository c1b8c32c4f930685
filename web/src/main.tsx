import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { registerServiceWorker } from './features/pwa/register.ts';
import { writeJson, readJson } from './lib/storage.ts';
import { initSession } from './stores/session.ts';
import './styles/app.css';
import './styles/pwa.css';
import './styles/channel.css';

// Home-screen shortcuts open a tab of the inbox: #/?tab=mine | unassigned
const shortcut = /^#\/\?tab=(mine|unassigned)$/.exec(location.hash);
if (shortcut) {
  writeJson('inbox', { ...readJson<Record<string, unknown>>('inbox', {}), tab: shortcut[1] });
  history.replaceState(history.state, '', '#/');
}

initSession();
registerServiceWorker();
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(() => <App />, root);
}
