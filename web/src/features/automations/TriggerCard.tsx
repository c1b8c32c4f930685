/** The card on top of the flow: what starts the automation, and the inputs that kind of trigger needs. */
import { createMemo, For, Match, Show, Switch } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { tx } from '../templates/tx.ts';
import { timeZones, triggerFor, triggerKind } from './automation-form.ts';
import { TRIGGER_KINDS, type Trigger, type TriggerKind } from './automations.types.ts';
import { useEditor } from './editor-context.ts';
import { FieldSelect, RefInput } from './pickers.tsx';

type T<K extends Trigger['type']> = Extract<Trigger, { type: K }>;

/** "America/Argentina/Buenos_Aires" → "America/Argentina/Buenos Aires" */
const zoneLabel = (z: string) => z.replaceAll('_', ' ');

/** The time it is now in a zone, as a check that the right one is chosen ('' for a zone the browser lacks). */
function nowIn(zone: string): string {
  try {
    return new Intl.DateTimeFormat(locale(), { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(Date.now());
  } catch {
    return '';
  }
}

/**
 * Where the contact's date (and the time of day) is read: the business zone for a new trigger. A trigger saved
 * through the API without one runs in the server's default zone, offered as such until another is chosen.
 */
function TimeZoneSelect(props: { tr: T<'date'>; onChange: (tz: string) => void }) {
  const zones = createMemo(() => timeZones(props.tr.timezone));
  const hint = () => (props.tr.timezone ? nowIn(props.tr.timezone) : '');
  return (
    <label class="field">
      <span>{t('auto.trigger.timezone')}</span>
      <select
        value={props.tr.timezone ?? ''}
        aria-describedby="auto-trigger-tz-hint"
        onChange={(e) => props.onChange(e.currentTarget.value)}
        data-testid="auto-trigger-timezone"
      >
        <Show when={props.tr.timezone === undefined}>
          <option value="">{t('auto.trigger.timezoneServer')}</option>
        </Show>
        <For each={zones()}>{(z) => <option value={z}>{zoneLabel(z)}</option>}</For>
      </select>
      <small class="muted" id="auto-trigger-tz-hint">
        {hint() ? t('auto.trigger.timezoneNow', { time: hint() }) : t('auto.trigger.timezoneHint')}
      </small>
    </label>
  );
}

function DateFields(props: { tr: T<'date'> }) {
  const ed = useEditor();
  const set = (patch: Partial<T<'date'>>) => ed.setTrigger({ ...props.tr, ...patch } as Trigger);
  const offset = () => props.tr.offset ?? {};
  return (
    <>
      <FieldSelect
        value={props.tr.field}
        only={['date', 'datetime']}
        label={t('auto.trigger.dateField')}
        onChange={(field) => set({ field })}
        testid="auto-trigger-field"
      />
      <label class="field">
        <span>{t('auto.trigger.dateMode')}</span>
        <select
          value={props.tr.mode}
          onChange={(e) => set({ mode: e.currentTarget.value as T<'date'>['mode'] })}
          data-testid="auto-trigger-mode"
        >
          <For each={['yearly', 'before', 'after'] as const}>
            {(m) => <option value={m}>{tx(`auto.trigger.modes.${m}`)}</option>}
          </For>
        </select>
      </label>
      <Show
        when={props.tr.mode === 'yearly'}
        fallback={
          <div class="auto-inline">
            <For each={['days', 'hours', 'minutes'] as const}>
              {(u) => (
                <label class="field auto-amount">
                  <span>{tx(`auto.units.${u}`)}</span>
                  <input
                    type="number"
                    inputMode="numeric"
                    min="0"
                    step="1"
                    value={offset()[u] ?? 0}
                    onInput={(e) =>
                      set({ offset: { ...offset(), [u]: Math.max(0, Math.floor(e.currentTarget.valueAsNumber || 0)) } })
                    }
                    data-testid={`auto-trigger-offset-${u}`}
                  />
                </label>
              )}
            </For>
          </div>
        }
      >
        <label class="field">
          <span>{t('auto.trigger.time')}</span>
          <input
            type="time"
            value={props.tr.time ?? ''}
            onInput={(e) => set({ time: e.currentTarget.value })}
            data-testid="auto-trigger-time"
          />
        </label>
      </Show>
      <TimeZoneSelect tr={props.tr} onChange={(tz) => (tz ? set({ timezone: tz }) : undefined)} />
    </>
  );
}

export function TriggerCard() {
  const ed = useEditor();
  const tr = () => ed.draft.trigger;
  const kind = () => triggerKind(tr());
  const issues = () => ed.issuesAt('trigger');
  // trying another kind and coming back finds what was typed there
  const earlier = new Map<TriggerKind, Trigger>();
  const choose = (k: TriggerKind) => {
    earlier.set(kind(), JSON.parse(JSON.stringify(tr())) as Trigger);
    ed.setTrigger(earlier.get(k) ?? triggerFor(k, tr(), ed.businessZone()));
  };
  return (
    <section
      class="card auto-trigger"
      aria-labelledby="auto-trigger-title"
      data-testid="auto-trigger"
      data-kind={kind()}
    >
      <h2 id="auto-trigger-title">{t('auto.trigger.title')}</h2>
      <label class="field">
        <span>{t('auto.trigger.type')}</span>
        <select
          value={kind()}
          onChange={(e) => choose(e.currentTarget.value as TriggerKind)}
          data-testid="auto-trigger-type"
        >
          <For each={TRIGGER_KINDS}>{(k) => <option value={k}>{tx(`auto.trigger.kinds.${k}`)}</option>}</For>
        </select>
      </label>
      <Switch fallback={<p class="muted small">{tx(`auto.trigger.hints.${kind()}`)}</p>}>
        <Match when={(tr().type === 'message' || tr().type === 'button') && (tr() as T<'message'> | T<'button'>)}>
          {(x) => (
            <label class="field">
              <span>{tx(`auto.trigger.textLabel.${kind()}`)}</span>
              <input
                value={x().text}
                maxLength={kind() === 'button' ? 200 : 1000}
                aria-describedby="auto-trigger-hint"
                onInput={(e) => ed.setTrigger({ ...x(), text: e.currentTarget.value } as Trigger)}
                data-testid="auto-trigger-text"
              />
              <small class="muted" id="auto-trigger-hint">
                {tx(`auto.trigger.hints.${kind()}`)}
              </small>
            </label>
          )}
        </Match>
        <Match when={tr().type === 'tag_added' && (tr() as T<'tag_added'>)}>
          {(x) => (
            <RefInput
              kind="tag"
              value={x().tag}
              onChange={(tag) => ed.setTrigger({ type: 'tag_added', tag })}
              testid="auto-trigger-tag"
            />
          )}
        </Match>
        <Match when={tr().type === 'list_added' && (tr() as T<'list_added'>)}>
          {(x) => (
            <RefInput
              kind="list"
              value={x().list}
              onChange={(list) => ed.setTrigger({ type: 'list_added', list })}
              testid="auto-trigger-list"
            />
          )}
        </Match>
        <Match when={tr().type === 'date' && (tr() as T<'date'>)}>{(x) => <DateFields tr={x()} />}</Match>
      </Switch>
      <Show when={issues().length}>
        <ul class="auto-step-issues field-error" data-testid="auto-trigger-issues">
          <For each={issues()}>{(m) => <li>{m}</li>}</For>
        </ul>
      </Show>
    </section>
  );
}
