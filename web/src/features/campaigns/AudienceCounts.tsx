/** The audience's live counts from the server's preview: matched, will receive, and who is left out and why. */
import { For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { tx } from '../templates/tx.ts';
import { excludedTotal } from './campaign-stats.ts';
import { EXCLUSION_REASONS } from './campaigns.types.ts';
import { num } from './cmp-ui.tsx';
import type { PreviewState } from './use-preview.ts';

export function AudienceCounts(props: { preview: PreviewState }) {
  const p = () => props.preview.data();
  const excluded = () => excludedTotal(p()?.excluded);
  const reasons = () => EXCLUSION_REASONS.filter((r) => (p()?.excluded?.[r] ?? 0) > 0);
  return (
    <section
      class="card cmp-counts"
      aria-labelledby="cmp-counts-title"
      aria-busy={props.preview.loading()}
      data-testid="cmp-counts"
    >
      <h3 id="cmp-counts-title">{t('cmp.reviewAudience')}</h3>
      <Show when={props.preview.error()}>
        <p class="notice notice-warn" role="alert">
          {t('cmp.previewError', { message: props.preview.error() })}
        </p>
      </Show>
      <Show
        when={p()}
        fallback={<p class="muted">{props.preview.loading() ? t('cmp.counting') : t('cmp.errors.noAudience')}</p>}
      >
        <dl class="cmp-count-grid" aria-live="polite">
          <div>
            <dt>{t('cmp.matched')}</dt>
            <dd data-testid="cmp-count-matched">{num(p()!.audience)}</dd>
          </div>
          <div class="cmp-count-main">
            <dt>{t('cmp.willReceive')}</dt>
            <dd data-testid="cmp-count-receive">{num(Math.max(0, p()!.audience - excluded()))}</dd>
          </div>
        </dl>
        <h4>{t('cmp.excludedTitle')}</h4>
        <Show when={reasons().length} fallback={<p class="muted small">{t('cmp.excludedNone')}</p>}>
          <ul class="cmp-reasons" data-testid="cmp-excluded">
            <For each={reasons()}>
              {(r) => (
                <li data-reason={r}>
                  <span>{tx(`cmp.reasons.${r}`)}</span>
                  <strong>{num(p()!.excluded[r] ?? 0)}</strong>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={props.preview.loading()}>
          <p class="muted small">{t('cmp.counting')}</p>
        </Show>
      </Show>
    </section>
  );
}
