/** The import analysis: counts of what would be created, updated and skipped, why, and examples with their rows. */
import { For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import type { Analysis, FieldDef } from '../contacts/crm.types.ts';
import { num } from '../contacts/crm-ui.tsx';

/** "missing_required:BIRTHDAY" → a sentence. */
export function reasonText(code: string, defs: Map<string, FieldDef>): string {
  const [base, key] = code.split(':') as [string, string | undefined];
  const label = key
    ? defs.get(key)?.label ||
      (key === 'email' ? t('crm.contact.email') : key === 'language' ? t('crm.contact.language') : key)
    : '';
  switch (base) {
    case 'missing_required':
    case 'invalid_value':
      return t(`crm.reason.${base}`, { key: label });
    case 'duplicate_in_file':
    case 'phone_invalid':
    case 'phone_missing':
    case 'phone_unparseable':
    case 'contact_deleted':
    case 'opted_out_kept':
    case 'unchanged':
      return t(`crm.reason.${base}`);
    default:
      return t('crm.reason.other', { reason: code });
  }
}

export function Counts(props: { items: Record<string, number>; defs: Map<string, FieldDef>; testid: string }) {
  const entries = () =>
    Object.entries(props.items)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]);
  return (
    <ul class="reason-list" data-testid={props.testid}>
      <For each={entries()}>
        {([code, n]) => (
          <li data-reason={code}>
            <span>{reasonText(code, props.defs)}</span>
            <strong class="reason-count">{num(n)}</strong>
          </li>
        )}
      </For>
    </ul>
  );
}

export function AnalysisView(props: { a: Analysis; defs: Map<string, FieldDef> }) {
  const skipped = () => Object.values(props.a.skipped).reduce((n, x) => n + x, 0);
  return (
    <section class="analysis" aria-labelledby="analysis-title" data-testid="import-analysis">
      <h3 id="analysis-title">{t('crm.import.analysisTitle')}</h3>
      <div class="stats">
        <div class="stat">
          <strong data-testid="an-rows">{num(props.a.rows)}</strong>
          <span>{t('crm.import.rows')}</span>
        </div>
        <div class="stat ok">
          <strong data-testid="an-importable">{num(props.a.importable)}</strong>
          <span>{t('crm.import.importable')}</span>
        </div>
        <div class="stat">
          <strong data-testid="an-create">{num(props.a.would_create)}</strong>
          <span>{t('crm.import.wouldCreate')}</span>
        </div>
        <div class="stat">
          <strong data-testid="an-update">{num(props.a.would_update)}</strong>
          <span>{t('crm.import.wouldUpdate')}</span>
        </div>
      </div>
      <Show when={props.a.importable === 0}>
        <p class="notice notice-error">{t('crm.import.nothingToImport')}</p>
      </Show>
      <Show when={props.a.unmapped_required.length}>
        <p class="notice notice-warn">
          {t('crm.import.missingRequired', { keys: props.a.unmapped_required.join(', ') })}
        </p>
      </Show>
      <Show when={skipped()}>
        <h4>
          {t('crm.import.skippedTitle')} · {num(skipped())}
        </h4>
        <Counts items={props.a.skipped} defs={props.defs} testid="an-skipped" />
      </Show>
      <Show when={Object.keys(props.a.warnings).length}>
        <h4>{t('crm.import.warningsTitle')}</h4>
        <Counts items={props.a.warnings} defs={props.defs} testid="an-warnings" />
      </Show>
      <Show when={props.a.issues.length}>
        <h4>{t('crm.import.examplesTitle')}</h4>
        <ul class="issue-list" data-testid="an-issues">
          <For each={props.a.issues.slice(0, 8)}>
            {(x) => (
              <li>
                <span class="muted small">
                  {t('crm.import.exampleRow', { row: x.row })}
                  {x.value ? ' · ' : ''}
                </span>
                {x.value ? <code class="issue-value">{x.value}</code> : null}
                <span class="issue-reason">{reasonText(x.reason, props.defs)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
