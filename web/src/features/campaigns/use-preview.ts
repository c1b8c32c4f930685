/**
 * The live audience preview: POST /campaigns/preview with the wizard's body, debounced while the user clicks
 * through lists and placeholders, the previous request aborted, the last answer kept on screen while the next
 * one is computed (no flicker of the counts).
 */
import { createEffect, createSignal, on, onCleanup } from 'solid-js';
import { hasAudience } from './campaign-form.ts';
import { campaignsApi } from './campaigns.api.ts';
import type { CampaignBody, CampaignPreview } from './campaigns.types.ts';

export interface PreviewState {
  data: () => CampaignPreview | undefined;
  loading: () => boolean;
  error: () => string;
}

export function createPreview(body: () => CampaignBody, delayMs = 350): PreviewState {
  const [data, setData] = createSignal<CampaignPreview | undefined>();
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ctrl: AbortController | undefined;
  const key = () => {
    const b = body();
    // the schedule and the name do not change who gets what
    const { schedule: _s, name: _n, ...rest } = b;
    return JSON.stringify(rest);
  };
  createEffect(
    on(key, (k) => {
      clearTimeout(timer);
      const b = JSON.parse(k) as CampaignBody;
      if (!hasAudience({ lists: b.audience.lists ?? [], tags: b.audience.tags ?? [], view: b.audience.view ?? '' })) {
        ctrl?.abort();
        setData(undefined);
        setLoading(false);
        setError('');
        return;
      }
      setLoading(true);
      timer = setTimeout(() => {
        ctrl?.abort();
        const mine = new AbortController();
        ctrl = mine;
        campaignsApi
          .preview(b, mine.signal)
          .then((p) => {
            if (ctrl !== mine) return;
            setData(p);
            setError('');
          })
          .catch((err: Error) => {
            if (ctrl !== mine || err.name === 'AbortError') return;
            setError(err.message);
          })
          .finally(() => {
            if (ctrl === mine) setLoading(false);
          });
      }, delayMs);
    }),
  );
  onCleanup(() => {
    clearTimeout(timer);
    ctrl?.abort();
  });
  return { data, loading, error };
}
