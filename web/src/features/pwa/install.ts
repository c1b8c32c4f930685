/** "Install app" where the browser allows it (beforeinstallprompt), hidden once installed. */
import { atom } from 'nanostores';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export const $installPrompt = atom<BeforeInstallPromptEvent | null>(null);

if (typeof window !== 'undefined') {
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault();
    $installPrompt.set(e as BeforeInstallPromptEvent);
  });
  window.addEventListener('appinstalled', () => $installPrompt.set(null));
}

export async function installApp(): Promise<boolean> {
  const e = $installPrompt.get();
  if (!e) return false;
  await e.prompt();
  const choice = await e.userChoice;
  $installPrompt.set(null);
  return choice.outcome === 'accepted';
}
