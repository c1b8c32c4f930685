/**
 * Chat media is protected in PocketBase: a file URL needs `?token=` with a short-lived file token of the
 * signed-in user (valid a few minutes). One token is shared by every media element and renewed before
 * it runs out. URLs already rendered keep working (the browser has the bytes); a new element takes the
 * current token. Offline no token can be had: the URL is still built, and the service worker answers it
 * from its media cache, whose keys leave the token out (sw/sw.ts).
 */
import { createSignal } from 'solid-js';
import { pb } from './pb.ts';

/** PocketBase's default file token lasts 180 s; renew well before. */
const RENEW_MS = 90_000;

let token = '';
let fetchedAt = 0;
let inflight: Promise<void> | undefined;
let generation = 0;
const [ready, setReady] = createSignal(false);

/** True once a token was asked for (obtained, or not obtainable because offline): media can be shown. */
export const fileTokenReady = ready;

/** The current token ('' when none could be had); asks for a new one when it is getting old. */
export function fileToken(): string {
  if (Date.now() - fetchedAt > RENEW_MS) void renewFileToken();
  return token;
}

export function renewFileToken(): Promise<void> {
  if (!pb.authStore.token) return Promise.resolve();
  const gen = generation;
  inflight ??= pb.files
    .getToken()
    .then((t) => {
      if (gen !== generation) return; // signed out meanwhile
      token = t;
      fetchedAt = Date.now();
    })
    .catch(() => {
      fetchedAt = Date.now() - RENEW_MS + 15_000; // offline or server down: try again in 15 s
    })
    .finally(() => {
      inflight = undefined;
      if (gen === generation) setReady(true);
    });
  return inflight;
}

/** On sign-out (or a change of user) the token goes with the session. */
export function clearFileToken(): void {
  generation++;
  token = '';
  fetchedAt = 0;
  setReady(false);
}
