import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { initSession } from './stores/session.ts';
import './styles/app.css';

initSession();
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(() => <App />, root);
}
