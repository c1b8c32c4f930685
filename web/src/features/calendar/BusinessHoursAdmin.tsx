/**
 * Settings → Business hours (#/settings/hours), laid out for a tablet and usable on a phone: time zone,
 * several ranges per weekday (a range may run past midnight), holidays (a day, a range, every year),
 * national holidays, and a live "Now: open · closes 18:00" computed from the form with the same pure
 * calendar the server uses. Everyone sees it; admins change it.
 */
import { useStore } from '@nanostores/solid';
import { createMemo, createSignal, For, Index, onCleanup, onMount, Show } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import {
  createCalendar,
  minutesOf,
  validateHours,
  WEEKDAYS,
  type Issue,
} from '../../../../api/src/modules/calendar/business-calendar.ts';
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { $session, can } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import {
  loadHours,
  loadPresets,
  saveHours,
  type BusinessHours,
  type HolidaySpec,
  type HoursAnswer,
  type TimeRange,
  type Weekday,
} from './hours.api.ts';
import { stateText } from './hours-format.ts';
import OutOfHoursSettings from './OutOfHoursSettings.tsx';
import '../../styles/hours.css';

interface HolidayRow {
  kind: 'single' | 'range';
  yearly: boolean;
  date: string;
  from: string;
  to: string;
  name: string;
}

interface Form {
  timezone: string;
  weekly: Record<Weekday, TimeRange[]>;
  holidays: HolidayRow[];
  national: string | null;
}

const emptyWeek = () => Object.fromEntries(WEEKDAYS.map((d) => [d, [] as TimeRange[]])) as Record<Weekday, TimeRange[]>;

function toForm(h: HoursAnswer): Form {
  const weekly = emptyWeek();
  for (const d of WEEKDAYS) weekly[d] = (h.weekly[d] ?? []).map((r) => [r[0], r[1]] as TimeRange);
  return {
    timezone: h.timezone,
    weekly,
    holidays: (h.holidays ?? []).map((x) => ({
      kind: x.date !== undefined ? 'single' : 'range',
      yearly: !!x.yearly,
      date: x.date ?? '',
      from: x.from ?? '',
      to: x.to ?? '',
      name: x.name ?? '',
    })),
    national: h.national_holidays ?? null,
  };
}

function toHours(f: Form): BusinessHours {
  const weekly: BusinessHours['weekly'] = {};
  for (const d of WEEKDAYS) if (f.weekly[d].length) weekly[d] = f.weekly[d].map((r) => [r[0], r[1]]);
  const holidays = f.holidays.map(
    (x): HolidaySpec => ({
      ...(x.kind === 'single' ? { date: x.date } : { from: x.from, to: x.to }),
      ...(x.name.trim() ? { name: x.name.trim() } : {}),
      ...(x.yearly ? { yearly: true } : {}),
    }),
  );
  return { timezone: f.timezone, weekly, holidays, national_holidays: f.national };
}

function zones(current: string): string[] {
  const all = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return all.includes(current) ? all : [current, ...all];
}

export default function BusinessHoursAdmin() {
  const session = useStore($session);
  const editable = () => can.do(session()?.user, 'business_hours.write');
  const [form, setForm] = createStore<Form>({
    timezone: 'Europe/Rome',
    weekly: emptyWeek(),
    holidays: [],
    national: null,
  });
  const [saved, setSaved] = createSignal<HoursAnswer>();
  const [countries, setCountries] = createSignal<Array<{ code: string; name: string }>>([]);
  const [busy, setBusy] = createSignal(false);
  const [serverIssues, setServerIssues] = createSignal<Issue[]>([]);
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(tick));

  // the form stays disabled until the saved hours are in: an edit made before would be overwritten by them
  const [loaded, setLoaded] = createSignal(false);
  const apply = (h: HoursAnswer) => {
    setSaved(h);
    setForm(reconcile(toForm(h)));
    setLoaded(true);
  };
  onMount(async () => {
    try {
      apply(await loadHours());
      setCountries((await loadPresets()).countries);
    } catch (err) {
      toast((err as Error).message || t('common.error'), 'error');
    }
  });

  const hours = createMemo(() => toHours(form));
  const issues = createMemo(() => validateHours(hours()));
  // the preset's dates come from the server (date-holidays is too big for the browser): the saved country's
  const presetHolidays = () =>
    form.national && form.national === saved()?.national_holidays ? saved()!.preset_holidays : [];
  const live = createMemo(() => {
    if (issues().length) return null;
    const list = presetHolidays();
    const state = createCalendar(hours(), { presetHolidays: () => list }).state(now());
    return stateText(state, form.timezone, now());
  });

  const setRange = (day: Weekday, i: number, end: 0 | 1, value: string) => setForm('weekly', day, i, end, value);
  const addRange = (day: Weekday) =>
    setForm('weekly', day, (rs) => {
      const last = rs[rs.length - 1];
      return [...rs, last ? [last[1], last[1] < '18:00' ? '18:00' : '23:00'] : ['09:00', '18:00']] as TimeRange[];
    });
  const removeRange = (day: Weekday, i: number) => setForm('weekly', day, (rs) => rs.filter((_, k) => k !== i));
  const copyMonday = () =>
    setForm(
      produce((f) => {
        for (const d of ['tue', 'wed', 'thu', 'fri'] as const)
          f.weekly[d] = f.weekly.mon.map((r) => [r[0], r[1]] as TimeRange);
      }),
    );
  const addHoliday = () =>
    setForm('holidays', (hs) => [...hs, { kind: 'single', yearly: false, date: '', from: '', to: '', name: '' }]);

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    if (issues().length || !editable()) return;
    setBusy(true);
    setServerIssues([]);
    try {
      apply(await saveHours(hours()));
      toast(t('hours.saved'));
    } catch (err) {
      const details = err instanceof ApiError && Array.isArray(err.details) ? (err.details as Issue[]) : [];
      setServerIssues(details.length ? details : [{ path: '', message: (err as Error).message }]);
    } finally {
      setBusy(false);
    }
  };

  const dayName = (d: Weekday) => t(`hours.days.${d}`);
  const shown = () => [...issues(), ...serverIssues()];

  return (
    <>
      <section class="settings-section hours" aria-labelledby="hours-title">
        <h2 id="hours-title">{t('hours.title')}</h2>
        <p class="muted">{t('hours.intro')}</p>
        <p class="hours-now" role="status" data-testid="hours-now">
          <Icon name="clock" size={18} />
          <span>{live() ? t('hours.now', { state: live()! }) : '…'}</span>
        </p>
        <Show when={!editable()}>
          <p class="muted">{t('hours.readOnly')}</p>
        </Show>
        <form onSubmit={save} class="hours-form" novalidate>
          <fieldset disabled={!editable() || !loaded()} class="hours-fieldset">
            <label class="field hours-tz">
              <span>{t('hours.timezone')}</span>
              <select
                value={form.timezone}
                onChange={(e) => setForm('timezone', e.currentTarget.value)}
                data-testid="hours-timezone"
              >
                <For each={zones(form.timezone)}>
                  {(z) => (
                    <option value={z} selected={z === form.timezone}>
                      {z.replace(/_/g, ' ')}
                    </option>
                  )}
                </For>
              </select>
            </label>

            <div class="hours-block">
              <div class="hours-block-head">
                <h3>{t('hours.weekly')}</h3>
                <button type="button" class="btn small" onClick={copyMonday} data-testid="hours-copy-monday">
                  <Icon name="copy" size={16} /> {t('hours.copyMonday')}
                </button>
              </div>
              <For each={WEEKDAYS}>
                {(day) => (
                  <fieldset class="hours-day" data-testid={`hours-day-${day}`}>
                    <legend class="hours-day-name">{dayName(day)}</legend>
                    <div class="hours-ranges">
                      <Show
                        when={form.weekly[day].length}
                        fallback={<span class="muted hours-closed">{t('hours.dayClosed')}</span>}
                      >
                        <Index each={form.weekly[day]}>
                          {(r, i) => (
                            <div
                              class="hours-range"
                              role="group"
                              aria-label={t('hours.rangeLabel', { day: dayName(day), n: i + 1 })}
                            >
                              <input
                                type="time"
                                value={r()[0]}
                                aria-label={`${t('hours.rangeLabel', { day: dayName(day), n: i + 1 })}: ${t('hours.from')}`}
                                onChange={(e) => setRange(day, i, 0, e.currentTarget.value)}
                                data-testid={`hours-${day}-${i}-from`}
                              />
                              <span aria-hidden="true">–</span>
                              <input
                                type="time"
                                value={r()[1]}
                                aria-label={`${t('hours.rangeLabel', { day: dayName(day), n: i + 1 })}: ${t('hours.to')}`}
                                onChange={(e) => setRange(day, i, 1, e.currentTarget.value)}
                                data-testid={`hours-${day}-${i}-to`}
                              />
                              <button
                                type="button"
                                class="icon-btn small"
                                onClick={() => removeRange(day, i)}
                                aria-label={t('hours.removeRange', { day: dayName(day), from: r()[0], to: r()[1] })}
                              >
                                <Icon name="close" size={18} />
                              </button>
                              <Show when={minutesOf(r()[1]) <= minutesOf(r()[0])}>
                                <span class="hours-next-day">{t('hours.pastMidnight')}</span>
                              </Show>
                            </div>
                          )}
                        </Index>
                      </Show>
                    </div>
                    <button
                      type="button"
                      class="btn small ghost hours-add"
                      onClick={() => addRange(day)}
                      data-testid={`hours-add-${day}`}
                    >
                      <Icon name="plus" size={16} /> <span>{t('hours.addRange')}</span>
                      <span class="sr-only"> ({dayName(day)})</span>
                    </button>
                  </fieldset>
                )}
              </For>
            </div>

            <div class="hours-block">
              <div class="hours-block-head">
                <h3>{t('hours.holidays')}</h3>
                <button type="button" class="btn small" onClick={addHoliday} data-testid="hours-add-holiday">
                  <Icon name="plus" size={16} /> {t('hours.addHoliday')}
                </button>
              </div>
              <Show when={form.holidays.length} fallback={<p class="muted">{t('hours.noHolidays')}</p>}>
                <ul class="hours-holidays" role="list">
                  <Index each={form.holidays}>
                    {(h, i) => (
                      <li class="hours-holiday" data-testid="hours-holiday">
                        <label class="field">
                          <span>{t('hours.holidayKind')}</span>
                          <select
                            value={h().kind}
                            onChange={(e) =>
                              setForm('holidays', i, 'kind', e.currentTarget.value as HolidayRow['kind'])
                            }
                            data-testid="hours-holiday-kind"
                          >
                            <option value="single">{t('hours.single')}</option>
                            <option value="range">{t('hours.range')}</option>
                          </select>
                        </label>
                        <Show
                          when={h().kind === 'single'}
                          fallback={
                            <>
                              <label class="field">
                                <span>{t('hours.holidayFrom')}</span>
                                <input
                                  type="date"
                                  value={h().from}
                                  onChange={(e) => setForm('holidays', i, 'from', e.currentTarget.value)}
                                  data-testid="hours-holiday-from"
                                />
                              </label>
                              <label class="field">
                                <span>{t('hours.holidayTo')}</span>
                                <input
                                  type="date"
                                  value={h().to}
                                  onChange={(e) => setForm('holidays', i, 'to', e.currentTarget.value)}
                                  data-testid="hours-holiday-to"
                                />
                              </label>
                            </>
                          }
                        >
                          <label class="field">
                            <span>{t('hours.holidayDate')}</span>
                            <input
                              type="date"
                              value={h().date}
                              onChange={(e) => setForm('holidays', i, 'date', e.currentTarget.value)}
                              data-testid="hours-holiday-date"
                            />
                          </label>
                        </Show>
                        <label class="field hours-holiday-name">
                          <span>{t('hours.holidayName')}</span>
                          <input
                            type="text"
                            maxLength={100}
                            value={h().name}
                            onInput={(e) => setForm('holidays', i, 'name', e.currentTarget.value)}
                            data-testid="hours-holiday-name"
                          />
                        </label>
                        <label class="hours-check">
                          <input
                            type="checkbox"
                            checked={h().yearly}
                            onChange={(e) => setForm('holidays', i, 'yearly', e.currentTarget.checked)}
                          />
                          <span>{t('hours.yearly')}</span>
                        </label>
                        <button
                          type="button"
                          class="icon-btn small"
                          onClick={() => setForm('holidays', (hs) => hs.filter((_, k) => k !== i))}
                          aria-label={t('hours.removeHoliday', { n: i + 1 })}
                        >
                          <Icon name="trash" size={18} />
                        </button>
                      </li>
                    )}
                  </Index>
                </ul>
              </Show>
              <div class="hours-national">
                <label class="hours-check">
                  <input
                    type="checkbox"
                    checked={form.national !== null}
                    onChange={(e) =>
                      setForm('national', e.currentTarget.checked ? saved()?.national_holidays || 'IT' : null)
                    }
                    data-testid="hours-national"
                  />
                  <span>{t('hours.national')}</span>
                </label>
                <Show when={form.national !== null}>
                  <label class="field">
                    <span>{t('hours.nationalCountry')}</span>
                    <select
                      value={form.national ?? ''}
                      onChange={(e) => setForm('national', e.currentTarget.value)}
                      data-testid="hours-national-country"
                    >
                      <For each={countries()}>
                        {(c) => (
                          <option value={c.code} selected={c.code === form.national}>
                            {c.name}
                          </option>
                        )}
                      </For>
                    </select>
                  </label>
                  <Show when={presetHolidays().length}>
                    <p class="muted">
                      {t('hours.nationalUpcoming', {
                        list: presetHolidays()
                          .filter((x) => x.date >= new Date(now()).toISOString().slice(0, 10))
                          .slice(0, 4)
                          .map((x) => `${x.date.slice(5)} ${x.name}`)
                          .join(', '),
                      })}
                    </p>
                  </Show>
                </Show>
              </div>
            </div>
          </fieldset>

          <Show when={shown().length}>
            <div class="hours-issues" role="alert" data-testid="hours-issues">
              <p>{t('hours.fix')}</p>
              <ul>
                <For each={shown()}>{(i) => <li>{i.message}</li>}</For>
              </ul>
            </div>
          </Show>
          <Show when={editable()}>
            <div class="hours-actions">
              <button
                type="submit"
                class="btn btn-primary"
                disabled={busy() || issues().length > 0}
                data-testid="hours-save"
              >
                {busy() ? t('hours.saving') : t('hours.save')}
              </button>
            </div>
          </Show>
        </form>
      </section>
      <OutOfHoursSettings editable={editable()} />
    </>
  );
}
