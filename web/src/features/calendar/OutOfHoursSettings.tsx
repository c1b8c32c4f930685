/**
 * Settings → Business hours → "Automatic reply when closed": on/off, the default reply and holiday
 * reply, per-language variants (chosen by the contact's language) and the grace delay. Admins edit;
 * everyone else reads. The server decides and sends (modules/out-of-hours).
 */
import { createSignal, For, Index, onMount, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { locale, t } from '../../i18n/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { loadOutOfHours, saveOutOfHours, type OutOfHours } from './hours.api.ts';

interface Variant {
  lang: string;
  text: string;
  holiday: string;
}

interface Form {
  enabled: boolean;
  text: string;
  holiday_text: string;
  variants: Variant[];
  grace_seconds: number;
}

const LANGUAGES = ['en', 'it', 'fr', 'es', 'de', 'pt', 'nl', 'ro', 'pl', 'ar', 'zh', 'ru', 'uk', 'tr', 'hi'];

function toForm(s: OutOfHours): Form {
  const langs = [...new Set([...Object.keys(s.texts), ...Object.keys(s.holiday_texts)])];
  return {
    enabled: s.enabled,
    text: s.text,
    holiday_text: s.holiday_text,
    grace_seconds: s.grace_seconds,
    variants: langs.map((lang) => ({ lang, text: s.texts[lang] ?? '', holiday: s.holiday_texts[lang] ?? '' })),
  };
}

function toSettings(f: Form): OutOfHours {
  const texts: Record<string, string> = {};
  const holiday: Record<string, string> = {};
  for (const v of f.variants) {
    if (v.text.trim()) texts[v.lang] = v.text.trim();
    if (v.holiday.trim()) holiday[v.lang] = v.holiday.trim();
  }
  return {
    enabled: f.enabled,
    text: f.text.trim(),
    holiday_text: f.holiday_text.trim(),
    texts,
    holiday_texts: holiday,
    grace_seconds: f.grace_seconds,
  };
}

export default function OutOfHoursSettings(props: { editable: boolean }) {
  const [form, setForm] = createStore<Form>({
    enabled: false,
    text: '',
    holiday_text: '',
    variants: [],
    grace_seconds: 5,
  });
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const names = () => {
    try {
      return new Intl.DisplayNames([locale()], { type: 'language' });
    } catch {
      return undefined;
    }
  };
  const langName = (code: string) => names()?.of(code) ?? code;
  const free = () => LANGUAGES.filter((l) => !form.variants.some((v) => v.lang === l));

  // disabled until the saved settings are in: an edit made before would be overwritten by them
  const [loaded, setLoaded] = createSignal(false);
  onMount(async () => {
    try {
      setForm(reconcile(toForm(await loadOutOfHours())));
      setLoaded(true);
    } catch (err) {
      toast((err as Error).message || t('common.error'), 'error');
    }
  });

  const missingText = () => form.enabled && !form.text.trim() && !form.variants.some((v) => v.text.trim());

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!props.editable || missingText()) return;
    setBusy(true);
    setError('');
    try {
      setForm(reconcile(toForm(await saveOutOfHours(toSettings(form)))));
      toast(t('ooh.saved'));
    } catch (err) {
      setError((err as Error).message || t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="settings-section hours ooh" aria-labelledby="ooh-title" data-testid="ooh">
      <h2 id="ooh-title">{t('ooh.title')}</h2>
      <p class="muted">{t('ooh.intro')}</p>
      <form onSubmit={save} class="hours-form" novalidate>
        <fieldset disabled={!props.editable || !loaded()} class="hours-fieldset">
          <label class="hours-check">
            <input
              type="checkbox"
              checked={form.enabled}
              onChange={(e) => setForm('enabled', e.currentTarget.checked)}
              data-testid="ooh-enabled"
            />
            <span>{t('ooh.enabled')}</span>
          </label>
          <label class="field">
            <span>{t('ooh.text')}</span>
            <textarea
              rows={3}
              maxLength={1024}
              value={form.text}
              onInput={(e) => setForm('text', e.currentTarget.value)}
              aria-describedby="ooh-text-hint"
              data-testid="ooh-text"
            />
            <small id="ooh-text-hint" class="muted">
              {t('ooh.textHint')}
            </small>
          </label>
          <label class="field">
            <span>{t('ooh.holidayText')}</span>
            <textarea
              rows={2}
              maxLength={1024}
              value={form.holiday_text}
              onInput={(e) => setForm('holiday_text', e.currentTarget.value)}
              aria-describedby="ooh-holiday-hint"
              data-testid="ooh-holiday-text"
            />
            <small id="ooh-holiday-hint" class="muted">
              {t('ooh.holidayHint')}
            </small>
          </label>

          <div class="hours-block">
            <div class="hours-block-head">
              <h3>{t('ooh.variants')}</h3>
              <Show when={free().length}>
                <label class="field ooh-add">
                  <span class="sr-only">{t('ooh.addLanguage')}</span>
                  <select
                    value=""
                    data-testid="ooh-add-language"
                    onChange={(e) => {
                      const lang = e.currentTarget.value;
                      e.currentTarget.value = '';
                      if (lang) setForm('variants', (vs) => [...vs, { lang, text: '', holiday: '' }]);
                    }}
                  >
                    <option value="">{t('ooh.addLanguage')}…</option>
                    <For each={free()}>{(l) => <option value={l}>{langName(l)}</option>}</For>
                  </select>
                </label>
              </Show>
            </div>
            <Show when={form.variants.length} fallback={<p class="muted">{t('ooh.noVariants')}</p>}>
              <ul class="hours-holidays" role="list">
                <Index each={form.variants}>
                  {(v, i) => (
                    <li class="hours-holiday ooh-variant" data-testid={`ooh-variant-${v().lang}`}>
                      <label class="field hours-holiday-name">
                        <span>{t('ooh.variantText', { lang: langName(v().lang) })}</span>
                        <textarea
                          rows={2}
                          maxLength={1024}
                          value={v().text}
                          onInput={(e) => setForm('variants', i, 'text', e.currentTarget.value)}
                          data-testid="ooh-variant-text"
                        />
                      </label>
                      <label class="field hours-holiday-name">
                        <span>{t('ooh.variantHoliday', { lang: langName(v().lang) })}</span>
                        <textarea
                          rows={2}
                          maxLength={1024}
                          value={v().holiday}
                          onInput={(e) => setForm('variants', i, 'holiday', e.currentTarget.value)}
                          data-testid="ooh-variant-holiday"
                        />
                      </label>
                      <button
                        type="button"
                        class="icon-btn small"
                        onClick={() => setForm('variants', (vs) => vs.filter((_, k) => k !== i))}
                        aria-label={t('ooh.removeLanguage', { lang: langName(v().lang) })}
                      >
                        <Icon name="trash" size={18} />
                      </button>
                    </li>
                  )}
                </Index>
              </ul>
            </Show>
          </div>

          <label class="field ooh-grace">
            <span>{t('ooh.grace')}</span>
            <input
              type="number"
              min={0}
              max={3600}
              step={1}
              value={form.grace_seconds}
              aria-describedby="ooh-grace-hint"
              data-testid="ooh-grace"
              onChange={(e) =>
                setForm('grace_seconds', Math.max(0, Math.min(3600, Math.round(Number(e.currentTarget.value) || 0))))
              }
            />
            <small id="ooh-grace-hint" class="muted">
              {t('ooh.graceHint')}
            </small>
          </label>
        </fieldset>
        <Show when={missingText() || error()}>
          <div class="hours-issues" role="alert" data-testid="ooh-issues">
            <p>{error() || t('ooh.needText')}</p>
          </div>
        </Show>
        <Show when={props.editable}>
          <div class="hours-actions">
            <button type="submit" class="btn btn-primary" disabled={busy() || missingText()} data-testid="ooh-save">
              {busy() ? t('hours.saving') : t('ooh.save')}
            </button>
          </div>
        </Show>
      </form>
    </section>
  );
}
