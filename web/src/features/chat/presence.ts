/**
 * "Someone else is viewing / typing": this client reports its own state for the open chat
 * (viewing every 15 s while visible, typing while composing, idle on leave) and listens to the
 * others' rows. Rows not refreshed for 30 s are treated as gone.
 */
import { atom } from 'nanostores';
import { api } from '../../lib/api.ts';
import { pb, pbFilter, pbTime } from '../../lib/pb.ts';
import type { Presence } from '../../lib/types.ts';

export const PRESENCE_TTL_MS = 30_000;
const HEARTBEAT_MS = 15_000;
const TYPING_THROTTLE_MS = 4_000;
const TYPING_IDLE_MS = 6_000;

export interface PresenceEntry extends Presence {
  /** local time we last heard of it: immune to clock skew between browser and server */
  seenAt: number;
}

/** Others (not me) whose entry is fresh, typing first. */
export function activeOthers(entries: PresenceEntry[], me: string, now: number): PresenceEntry[] {
  return entries
    .filter((e) => e.user !== me && now - Math.max(e.seenAt, pbTime(e.updated)) < PRESENCE_TTL_MS)
    .sort((a, b) => (a.state === b.state ? a.user_name.localeCompare(b.user_name) : a.state === 'typing' ? -1 : 1));
}

export function createPresence(conversationId: string, enabled: boolean) {
  const $entries = atom<PresenceEntry[]>([]);
  let state: 'viewing' | 'typing' | 'idle' = 'idle';
  let lastTypingPost = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const post = (next: 'viewing' | 'typing' | 'idle') => {
    if (!enabled) return;
    state = next;
    void api(`/api/v1/conversations/${conversationId}/presence`, { body: { state: next } }).catch(() => undefined);
  };
  const visible = () => document.visibilityState === 'visible';

  const upsert = (p: Presence, seenAt: number) => {
    const rest = $entries.get().filter((e) => e.user !== p.user);
    $entries.set([...rest, { ...p, seenAt }]);
  };

  // others
  void pb
    .collection('presence')
    .getFullList<Presence>({ filter: pbFilter('conversation = {:c}', { c: conversationId }) })
    .then((rows) => {
      for (const r of rows) upsert(r, 0);
    })
    .catch(() => undefined);
  let unsub: (() => Promise<void>) | undefined;
  void pb
    .collection('presence')
    .subscribe<Presence>(
      '*',
      (e) => {
        if (e.record.conversation !== conversationId) return;
        if (e.action === 'delete') $entries.set($entries.get().filter((x) => x.id !== e.record.id));
        else upsert(e.record, Date.now());
      },
      { filter: pbFilter('conversation = {:c}', { c: conversationId }) },
    )
    .then((off) => (disposed ? void off().catch(() => undefined) : (unsub = off)))
    .catch(() => undefined);

  // me
  if (visible()) post('viewing');
  const beat = setInterval(() => {
    if (visible() && state !== 'typing') post('viewing');
  }, HEARTBEAT_MS);
  const onVisibility = () => post(visible() ? 'viewing' : 'idle');
  document.addEventListener('visibilitychange', onVisibility);

  return {
    $entries,
    /** call on every keystroke in the composer; throttled */
    typing(): void {
      const now = Date.now();
      if (state !== 'typing' || now - lastTypingPost > TYPING_THROTTLE_MS) {
        lastTypingPost = now;
        post('typing');
      }
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => post('viewing'), TYPING_IDLE_MS);
    },
    dispose(): void {
      disposed = true;
      clearInterval(beat);
      clearTimeout(typingTimer);
      document.removeEventListener('visibilitychange', onVisibility);
      void unsub?.().catch(() => undefined);
      post('idle');
    },
  };
}

export type PresenceHandle = ReturnType<typeof createPresence>;
