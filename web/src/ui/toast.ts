/** One transient message at a time, read out by screen readers (see <Toasts/> in App). */
import { atom } from 'nanostores';

export interface ToastMsg {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

export const $toast = atom<ToastMsg | null>(null);
let seq = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

export function toast(text: string, kind: ToastMsg['kind'] = 'info', ms = 4000): void {
  clearTimeout(timer);
  const id = ++seq;
  $toast.set({ id, text, kind });
  timer = setTimeout(() => {
    if ($toast.get()?.id === id) $toast.set(null);
  }, ms);
}
