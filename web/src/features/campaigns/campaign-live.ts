/**
 * A campaign kept current while it is on screen: read once through the API, then re-read whenever PocketBase
 * reports a change of its record (realtime subscription on `campaigns`, readable by admins and managers).
 * Changes arrive in bursts while sending, so re-reads are coalesced: at most one in flight and one queued.
 */
import { createSignal, onCleanup, onMount } from 'solid-js';
import { pb } from '../../lib/pb.ts';
import { campaignsApi } from './campaigns.api.ts';
import type { Campaign } from './campaigns.types.ts';

export function createLiveCampaign(id: string) {
  const [campaign, setCampaign] = createSignal<Campaign | undefined>();
  const [error, setError] = createSignal<unknown>();
  const [live, setLive] = createSignal(false);
  const [tick, setTick] = createSignal(0);
  let inFlight: Promise<void> | undefined;
  let again = false;
  let active = true;

  const load = (): Promise<void> => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = campaignsApi
      .get(id)
      .then((c) => {
        if (!active) return;
        setCampaign(c);
        setError(undefined);
        setTick((n) => n + 1);
      })
      .catch((err: unknown) => {
        if (active) setError(err);
      })
      .finally(() => {
        inFlight = undefined;
        if (again && active) {
          again = false;
          void load();
        }
      });
    return inFlight;
  };

  onMount(() => {
    void load();
    let off: (() => Promise<void>) | undefined;
    pb.collection('campaigns')
      .subscribe(id, () => void load())
      .then((u) => {
        if (!active) return void u().catch(() => undefined);
        off = u;
        setLive(true);
        // a change between the first read and the subscription would otherwise be missed
        void load();
      })
      .catch(() => setLive(false));
    onCleanup(() => {
      active = false;
      void off?.().catch(() => undefined);
    });
  });

  return { campaign, setCampaign, error, live, reload: load, changes: tick };
}
