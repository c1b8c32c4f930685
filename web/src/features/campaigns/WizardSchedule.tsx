/**
 * Step 3: when — now, at a date and time, or recurring (daily, weekly, monthly or a cron expression, with an
 * optional last day). Times are wall-clock times in the business time zone, said on screen; the next runs are
 * computed with croner in that zone, as the server's scheduler does.
 */
import { Cron } from 'croner';
import { createMemo, For, Match, Show, Switch } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { locale, t } from '../../i18n/index.ts';
import { tx } from '../templates/tx.ts';
import {
  cronOf,
  type Frequency,
  looksLikeCron,
  type ScheduleMode,
  type WizardForm,
  zonedIso,
} from './campaign-form.ts';
import { when } from './cmp-ui.tsx';

const MODES: ScheduleMode[] = ['now', 'at', 'recurring'];
const MODE_LABEL: Record<ScheduleMode, string> = {
  now: 'cmp.whenNow',
  at: 'cmp.whenAt',
  recurring: 'cmp.whenRecurring',
};
const FREQUENCIES: Frequency[] = ['daily', 'weekly', 'monthly', 'cron'];
/** Monday first, as Europe reads a week; values are cron's (0 = Sunday) */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** The next `n` runs of a recurring schedule, before its last day; [] when the expression is not valid. */
export function nextRuns(cron: string, timezone: string, until: string, n = 3): string[] {
  if (!looksLikeCron(cron)) return [];
  try {
    const stop = until ? zonedIso(until, '23:59', timezone) : '';
    const c = new Cron(cron, { timezone, paused: true, ...(stop ? { stopAt: stop } : {}) });
    return c.nextRuns(n).map((d) => d.toISOString());
  } catch {
    return [];
  }
}

export function WizardSchedule(props: { form: WizardForm; setForm: SetStoreFunction<WizardForm>; timezone: string }) {
  const s = () => props.form.schedule;
  const dayName = (d: number) =>
    new Intl.DateTimeFormat(locale(), { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 7 + d));
  const runs = createMemo(() => (s().mode === 'recurring' ? nextRuns(cronOf(s()), props.timezone, s().until) : []));
  return (
    <div class="cmp-form cmp-schedule">
      <fieldset class="cmp-group">
        <legend>{t('cmp.whenTitle')}</legend>
        <For each={MODES}>
          {(m) => (
            <label class="cmp-check">
              <input
                type="radio"
                name="cmp-when"
                checked={s().mode === m}
                onChange={() => props.setForm('schedule', 'mode', m)}
                data-testid={`cmp-when-${m}`}
              />
              <span>{tx(MODE_LABEL[m])}</span>
            </label>
          )}
        </For>
      </fieldset>
      <Show when={s().mode !== 'now'}>
        <p class="muted small" data-testid="cmp-timezone">
          {t('cmp.timezone', { tz: props.timezone })}
        </p>
      </Show>
      <Switch>
        <Match when={s().mode === 'at'}>
          <div class="grid-2">
            <label class="field">
              <span>{t('cmp.date')}</span>
              <input
                type="date"
                value={s().date}
                onInput={(e) => props.setForm('schedule', 'date', e.currentTarget.value)}
                data-testid="cmp-date"
              />
            </label>
            <label class="field">
              <span>{t('cmp.time')}</span>
              <input
                type="time"
                value={s().time}
                onInput={(e) => props.setForm('schedule', 'time', e.currentTarget.value)}
                data-testid="cmp-time"
              />
            </label>
          </div>
        </Match>
        <Match when={s().mode === 'recurring'}>
          <div class="grid-2">
            <label class="field">
              <span>{t('cmp.frequency')}</span>
              <select
                value={s().frequency}
                onChange={(e) => props.setForm('schedule', 'frequency', e.currentTarget.value as Frequency)}
                data-testid="cmp-frequency"
              >
                <For each={FREQUENCIES}>{(f) => <option value={f}>{tx(`cmp.frequencies.${f}`)}</option>}</For>
              </select>
            </label>
            <Show
              when={s().frequency !== 'cron'}
              fallback={
                <label class="field">
                  <span>{t('cmp.cron')}</span>
                  <input
                    value={s().cron}
                    spellcheck={false}
                    autocapitalize="off"
                    aria-describedby="cmp-cron-hint"
                    aria-invalid={!looksLikeCron(s().cron)}
                    onInput={(e) => props.setForm('schedule', 'cron', e.currentTarget.value)}
                    data-testid="cmp-cron"
                  />
                  <small class="muted" id="cmp-cron-hint">
                    {t('cmp.cronHint')}
                  </small>
                </label>
              }
            >
              <label class="field">
                <span>{t('cmp.time')}</span>
                <input
                  type="time"
                  value={s().time}
                  onInput={(e) => props.setForm('schedule', 'time', e.currentTarget.value)}
                  data-testid="cmp-time"
                />
              </label>
            </Show>
          </div>
          <Show when={s().frequency === 'weekly'}>
            <fieldset class="cmp-group cmp-weekdays">
              <legend>{t('cmp.weekdays')}</legend>
              <For each={WEEK}>
                {(d) => (
                  <label class="cmp-day">
                    <input
                      type="checkbox"
                      checked={s().weekdays.includes(d)}
                      onChange={(e) =>
                        props.setForm('schedule', 'weekdays', (xs) =>
                          e.currentTarget.checked ? [...xs, d] : xs.filter((x) => x !== d),
                        )
                      }
                    />
                    <span>{dayName(d)}</span>
                  </label>
                )}
              </For>
            </fieldset>
          </Show>
          <Show when={s().frequency === 'monthly'}>
            <label class="field">
              <span>{t('cmp.monthDay')}</span>
              <input
                type="number"
                min="1"
                max="28"
                value={s().monthDay}
                onInput={(e) =>
                  props.setForm('schedule', 'monthDay', Math.min(28, Math.max(1, Number(e.currentTarget.value) || 1)))
                }
                data-testid="cmp-month-day"
              />
            </label>
          </Show>
          <label class="field">
            <span>{t('cmp.until')}</span>
            <input
              type="date"
              value={s().until}
              onInput={(e) => props.setForm('schedule', 'until', e.currentTarget.value)}
              aria-describedby="cmp-until-hint"
              data-testid="cmp-until"
            />
            <small class="muted" id="cmp-until-hint">
              {t('cmp.untilHint')}
            </small>
          </label>
          <Show when={runs().length}>
            <div class="card cmp-runs" data-testid="cmp-next-runs">
              <h3>{t('cmp.nextRuns')}</h3>
              <ul>
                <For each={runs()}>{(r) => <li>{when(r, props.timezone)}</li>}</For>
              </ul>
            </div>
          </Show>
        </Match>
      </Switch>
    </div>
  );
}
