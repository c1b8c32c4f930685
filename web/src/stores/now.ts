import { atom, onMount } from 'nanostores';

/** A clock for countdowns and presence expiry: ticks every 10 s while anyone listens. */
export const $now = atom(Date.now());

onMount($now, () => {
  $now.set(Date.now());
  const id = setInterval(() => $now.set(Date.now()), 10_000);
  return () => clearInterval(id);
});
