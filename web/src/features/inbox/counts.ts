/**
 * How many open chats are mine / unassigned / unread, from the server (the caller's rules decide), kept
 * live: refreshed after every resync and, a moment later, after realtime changes (bursts are folded
 * into one request). The unread total goes to the page title ("(3) Spunta") and to the installed
 * app's icon (Badging API, where the browser has it).
 */
import { atom } from 'nanostores';
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { $session } from '../../stores/session.ts';
import { onAccessLost, onConversationEvent, onResync } from './inbox.ts';

export interface Counts {
  mine: number;
  unassigned: number;
  unread: number;
}

export const $counts = atom<Counts | null>(null);

/** realtime changes arrive in bursts: at most one request per this interval */
const FOLD_MS = 400;
let timer: ReturnType<typeof setTimeout> | undefined;
let inflight = false;
let again = false;

async function load(): Promise<void> {
  if (inflight) {
    again = true;
    return;
  }
  inflight = true;
  try {
    const c = await api<Counts>('/api/v1/conversations/counts');
    // a new object every time (useStore reconciles values into the first object it saw)
    if ($session.get()) $counts.set({ mine: c.mine, unassigned: c.unassigned, unread: c.unread });
  } catch {
    // offline: the counts stay as they were until the next resync
  } finally {
    inflight = false;
    if (again) {
      again = false;
      schedule();
    }
  }
}

function schedule(delay = FOLD_MS): void {
  if (timer) return;
  timer = setTimeout(() => {
    timer = undefined;
    void load();
  }, delay);
}

/** "(3) Spunta" and the app icon's badge; nothing unread (or signed out) clears both. */
export function showUnread(n: number): void {
  if (typeof document !== 'undefined') document.title = n > 0 ? `(${n}) ${t('app.name')}` : t('app.name');
  const nav =
    typeof navigator === 'undefined'
      ? undefined
      : (navigator as Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> });
  if (!nav?.setAppBadge) return;
  void (n > 0 ? nav.setAppBadge(n) : nav.clearAppBadge?.())?.catch(() => undefined); // not installed, or not allowed
}

onResync(() => void load());
onConversationEvent(() => schedule());
onAccessLost(() => schedule());
$counts.subscribe((c) => showUnread(c?.unread ?? 0));
$session.listen((s) => {
  if (s) return;
  clearTimeout(timer);
  timer = undefined;
  $counts.set(null);
});
