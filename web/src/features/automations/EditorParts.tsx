/** Beside the flow: the checklist of what stops activation (each item jumps to its place), and the options. */
import { For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { tx } from '../templates/tx.ts';
import { stepLabel } from './auto-ui.tsx';
import { stepDomId, useEditor } from './editor-context.ts';

export interface ShownIssue {
  /** 'name', 'trigger', 'flow' or a step path */
  at: string;
  message: string;
}

function where(at: string): string {
  if (at === 'name') return t('auto.name');
  if (at === 'trigger') return t('auto.trigger.title');
  if (at === 'flow') return t('auto.flow.title');
  return t('auto.step.label', { step: stepLabel(at) });
}

function jump(at: string): void {
  const target =
    at === 'name'
      ? document.getElementById('auto-name')
      : at === 'trigger'
        ? document.querySelector<HTMLElement>('[data-testid="auto-trigger-type"]')
        : at === 'flow'
          ? document.querySelector<HTMLElement>('[data-testid="auto-add-step"]')
          : document.getElementById(stepDomId(at))?.querySelector<HTMLElement>('[data-focus="title"]');
  target?.scrollIntoView({ block: 'center' });
  target?.focus();
}

export function IssuesPanel(props: { issues: ShownIssue[]; tried: boolean }) {
  return (
    <section class="card auto-check" aria-labelledby="auto-check-title" data-testid="auto-issues">
      <h2 id="auto-check-title" tabindex="-1">
        {t('auto.check.title')}
      </h2>
      <div aria-live="polite">
        <Show
          when={props.issues.length}
          fallback={
            <p class="notice notice-ok" data-testid="auto-ready">
              {t('auto.check.ready')}
            </p>
          }
        >
          <p class="small" classList={{ 'field-error': props.tried, muted: !props.tried }}>
            {t('auto.check.count', props.issues.length)}
          </p>
          <ul class="auto-check-list">
            <For each={props.issues}>
              {(i) => (
                <li data-testid="auto-issue" data-at={i.at}>
                  <button type="button" class="auto-link" onClick={() => jump(i.at)}>
                    <strong>{where(i.at)}</strong>: {i.message}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </section>
  );
}

export function EditorOptions() {
  const ed = useEditor();
  return (
    <details class="card auto-options" data-testid="auto-options">
      <summary>{t('auto.options.title')}</summary>
      <label class="field">
        <span>{t('auto.options.reentry')}</span>
        <select
          value={ed.draft.settings.reentry ?? 'after_exit'}
          onChange={(e) =>
            ed.setDraft('settings', 'reentry', e.currentTarget.value === 'never' ? 'never' : 'after_exit')
          }
          data-testid="auto-reentry"
        >
          <For each={['after_exit', 'never'] as const}>
            {(r) => <option value={r}>{tx(`auto.options.reentries.${r}`)}</option>}
          </For>
        </select>
      </label>
      <label class="field">
        <span>{t('auto.options.maxPerMinute')}</span>
        <input
          type="number"
          inputMode="numeric"
          min="1"
          max="100000"
          placeholder="600"
          value={ed.draft.settings.max_per_minute ?? ''}
          aria-describedby="auto-max-hint"
          onInput={(e) => {
            const n = Math.floor(e.currentTarget.valueAsNumber);
            ed.setDraft('settings', 'max_per_minute', n >= 1 ? Math.min(n, 100_000) : undefined);
          }}
          data-testid="auto-max-per-minute"
        />
        <small class="muted" id="auto-max-hint">
          {t('auto.options.maxHint')}
        </small>
      </label>
    </details>
  );
}
