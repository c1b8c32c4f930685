/**
 * Step 4: everything at a glance before it goes — the audience with its exclusions, the content as the sample
 * recipients see it, when it goes, and the server's estimates of duration and cost.
 */
import { Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { locale, t } from '../../i18n/index.ts';
import { tx } from '../templates/tx.ts';
import { cronOf, type WizardForm, zonedIso } from './campaign-form.ts';
import { durationParts } from './campaign-stats.ts';
import type { Estimate } from './campaigns.types.ts';
import { AudienceCounts } from './AudienceCounts.tsx';
import { when } from './cmp-ui.tsx';
import type { PreviewState } from './use-preview.ts';
import { WaPreview } from './WaPreview.tsx';
import type { TemplateInfo } from './WizardContent.tsx';
import { nextRuns } from './WizardSchedule.tsx';

export function durationText(seconds: number): string {
  const { h, m, s } = durationParts(seconds);
  return h ? t('cmp.durationValue', { h, m }) : t('cmp.durationMin', { m, s });
}

export function costText(e: Estimate | null | undefined): string {
  if (!e?.cost?.currency) return t('cmp.costUnknown');
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: e.cost.currency }).format(e.cost.amount);
}

export function WizardReview(props: {
  form: WizardForm;
  setForm: SetStoreFunction<WizardForm>;
  info: TemplateInfo;
  preview: PreviewState;
  timezone: string;
}) {
  const s = () => props.form.schedule;
  const whenText = () => {
    if (s().mode === 'now') return t('cmp.whenNow');
    if (s().mode === 'at') return when(zonedIso(s().date, s().time, props.timezone), props.timezone);
    const first = nextRuns(cronOf(s()), props.timezone, s().until, 1)[0];
    return `${tx(`cmp.frequencies.${s().frequency}`)}${first ? ` — ${t('cmp.nextRun', { at: when(first, props.timezone) })}` : ''}`;
  };
  const estimate = () => props.preview.data()?.estimate;
  return (
    <div class="cmp-split" data-testid="cmp-review">
      <div class="cmp-form">
        <section class="card cmp-summary">
          <h3>{props.form.name}</h3>
          <dl class="cmp-dl">
            <dt>{t('cmp.reviewContent')}</dt>
            <dd data-testid="cmp-review-content">
              {props.form.kind === 'template'
                ? `${props.form.template}${props.form.language ? ` (${props.form.language})` : ''}`
                : t('cmp.kindText')}
            </dd>
            <dt>{t('cmp.reviewWhen')}</dt>
            <dd data-testid="cmp-review-when">{whenText()}</dd>
            <dt>{t('cmp.duration')}</dt>
            <dd data-testid="cmp-review-duration">{estimate() ? durationText(estimate()!.duration_s) : '—'}</dd>
            <dt>{t('cmp.cost')}</dt>
            <dd data-testid="cmp-review-cost">{estimate() ? costText(estimate()) : '—'}</dd>
          </dl>
          <p class="muted small">{t('cmp.estimateNote')}</p>
          <Show when={props.form.kind === 'text'}>
            <p class="notice notice-warn small">{t('cmp.textNotice')}</p>
          </Show>
        </section>
        <AudienceCounts preview={props.preview} />
      </div>
      <aside class="cmp-side">
        <WaPreview form={props.form} group={props.info.group} preview={props.preview} />
      </aside>
    </div>
  );
}
