/** Saved answers ("/" + shortcut in the composer), read and edited directly through /pb. */
import { atom } from 'nanostores';
import { pb } from '../../lib/pb.ts';
import type { QuickReply } from '../../lib/types.ts';

export const $quickReplies = atom<QuickReply[]>([]);
let loaded = false;

export async function loadQuickReplies(force = false): Promise<void> {
  if (loaded && !force) return;
  loaded = true;
  try {
    $quickReplies.set(await pb.collection('quick_replies').getFullList<QuickReply>({ sort: 'shortcut' }));
  } catch {
    loaded = false;
  }
}

/** Matches for what follows "/" (prefix on the shortcut first, then anywhere in shortcut or title). */
export function matchQuickReplies(list: QuickReply[], q: string): QuickReply[] {
  const needle = q.toLowerCase();
  const starts = list.filter((r) => r.shortcut.startsWith(needle));
  const rest = list.filter(
    (r) => !r.shortcut.startsWith(needle) && (r.shortcut.includes(needle) || r.title.toLowerCase().includes(needle)),
  );
  return [...starts, ...rest].slice(0, 8);
}
