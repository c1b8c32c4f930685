/**
 * Create a contact by hand (admins, managers) or edit one (not viewers): the phone is checked as it is
 * typed (clear error, country from the prefix), custom fields get an input of their type.
 */
import { useStore } from '@nanostores/solid';
import { createMemo, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { locale, t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { navigate } from '../../router.ts';
import { $session } from '../../stores/session.ts';
import { toast } from '../../ui/toast.ts';
import { contacts } from './contacts.store.ts';
import { displayName, prettyPhone } from './ContactVirtualList.tsx';
import { crm } from './crm.api.ts';
import type { CrmContact, FieldDef } from './crm.types.ts';
import { CrmHeader, crmError, ToggleChips } from './crm-ui.tsx';
import { localDateTime } from './filters.ts';
import { checkPhone, COUNTRIES, countryName, flag } from './phone.ts';
import { $fields, $lists, $tags, crmCan, LANGUAGES } from './taxonomy.ts';

/** The browser's region ("it-IT" → IT), the default for numbers typed without prefix. */
export function browserCountry(): string {
  for (const l of typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])) {
    const m = /^[a-z]{2,3}[-_]([A-Z]{2})$/i.exec(l);
    if (m && COUNTRIES.includes(m[1]!.toUpperCase())) return m[1]!.toUpperCase();
  }
  return 'IT';
}

function fieldInputValue(def: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (def.type === 'datetime' && typeof v === 'string') return localDateTime(v);
  return String(v);
}

/** What a field input holds → the API value (null clears). */
function fieldWire(def: FieldDef, s: string): string | number | boolean | null {
  const v = s.trim();
  if (!v) return null;
  if (def.type === 'boolean') return v === 'true';
  if (def.type === 'datetime') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : new Date(ms).toISOString();
  }
  return v;
}

export function FieldInput(props: { def: FieldDef; value: string; onInput: (v: string) => void }) {
  const id = () => `field-${props.def.key}`;
  return (
    <label class="field" for={id()}>
      <span>
        {props.def.label || props.def.key}
        {props.def.required ? ' *' : ''}
      </span>
      <Switch
        fallback={
          <input
            id={id()}
            value={props.value}
            maxLength={1000}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            data-testid="form-field"
            data-key={props.def.key}
          />
        }
      >
        <Match when={props.def.type === 'boolean'}>
          <select
            id={id()}
            value={props.value}
            onChange={(e) => props.onInput(e.currentTarget.value)}
            data-testid="form-field"
            data-key={props.def.key}
          >
            <option value="">{t('crm.form.boolUnset')}</option>
            <option value="true">{t('crm.common.yes')}</option>
            <option value="false">{t('crm.common.no')}</option>
          </select>
        </Match>
        <Match when={props.def.type === 'number'}>
          <input
            id={id()}
            inputmode="decimal"
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            data-testid="form-field"
            data-key={props.def.key}
          />
        </Match>
        <Match when={props.def.type === 'date'}>
          <input
            id={id()}
            type="date"
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            data-testid="form-field"
            data-key={props.def.key}
          />
        </Match>
        <Match when={props.def.type === 'datetime'}>
          <input
            id={id()}
            type="datetime-local"
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            data-testid="form-field"
            data-key={props.def.key}
          />
        </Match>
      </Switch>
    </label>
  );
}

export default function ContactForm(props: { id?: string }) {
  const session = useStore($session);
  const fields = useStore($fields);
  const tags = useStore($tags);
  const lists = useStore($lists);
  const me = () => session()?.user;
  const editing = () => !!props.id;
  const [existing] = createResource(() => props.id, crm.get);
  const [phone, setPhone] = createSignal('');
  const [country, setCountry] = createSignal(browserCountry());
  const [touched, setTouched] = createSignal(false);
  const [draft, setDraft] = createSignal<Record<string, string>>({});
  const [values, setValues] = createSignal<Record<string, string>>({});
  const [tagIds, setTagIds] = createSignal<string[]>([]);
  const [listIds, setListIds] = createSignal<string[]>([]);
  const [optIn, setOptIn] = createSignal(false);
  const [optInSource, setOptInSource] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [serverError, setServerError] = createSignal<{ text: string; id?: string } | null>(null);
  const check = createMemo(() => checkPhone(phone(), country()));
  const defs = () => fields().filter((d) => d.on_contact);
  const countries = createMemo(() =>
    COUNTRIES.map((c) => ({ c, name: countryName(c, locale()) })).sort((a, b) =>
      a.name.localeCompare(b.name, locale()),
    ),
  );

  const std = (k: keyof CrmContact) => draft()[k as string] ?? String(existing()?.[k] ?? '');
  const setStd = (k: string, v: string) => setDraft({ ...draft(), [k]: v });
  const fv = (d: FieldDef) => values()[d.key] ?? fieldInputValue(d, existing()?.fields[d.key]);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setTouched(true);
    setServerError(null);
    if (!editing() && !check().ok) {
      document.getElementById('cf-phone')?.focus();
      return;
    }
    const fieldsBody: Record<string, unknown> = {};
    for (const d of defs()) {
      const now = fv(d);
      const before = fieldInputValue(d, existing()?.fields[d.key]);
      if (editing() ? now !== before : now.trim()) fieldsBody[d.key] = fieldWire(d, now);
    }
    const standard: Record<string, string> = {};
    for (const k of ['first_name', 'last_name', 'name', 'email', 'language', 'notes']) {
      const v = draft()[k];
      if (v !== undefined && (editing() || v.trim())) standard[k] = k === 'notes' ? v : v.trim();
    }
    setBusy(true);
    try {
      let saved: CrmContact;
      if (editing()) {
        saved = await crm.patch(props.id!, {
          ...standard,
          ...(Object.keys(fieldsBody).length ? { fields: fieldsBody } : {}),
        });
        contacts.patch(
          (x) => x.id === saved.id,
          () => saved,
        );
        toast(t('crm.contact.saved'));
      } else {
        const c = check();
        saved = await crm.create({
          phone: c.ok ? c.e164 : phone(),
          default_country: country(),
          ...standard,
          ...(Object.keys(fieldsBody).length ? { fields: fieldsBody } : {}),
          ...(tagIds().length ? { tags: tagIds() } : {}),
          ...(listIds().length ? { lists: listIds() } : {}),
          ...(optIn() ? { opt_in: { source: optInSource().trim(), method: 'manual', scope: 'marketing' } } : {}),
        });
        void contacts.reload();
        toast(t('crm.contact.added'));
      }
      navigate(`/contacts/${saved.id}`, { replace: true });
    } catch (err) {
      const id = err instanceof ApiError ? (err.details as { id?: string } | undefined)?.id : undefined;
      const code = (err as { code?: string }).code;
      const text =
        code === 'contact_exists'
          ? t('crm.form.exists')
          : code === 'contact_deleted'
            ? t('crm.form.deletedExists')
            : crmError(err);
      setServerError({ text, ...(id ? { id } : {}) });
    } finally {
      setBusy(false);
    }
  };

  const phoneError = () => {
    const c = check();
    return !c.ok && (touched() || (phone().length > 3 && c.error !== 'need_prefix' && c.error !== 'too_short'))
      ? t(`crm.form.phoneErr.${c.error}`)
      : '';
  };

  return (
    <div class="crm-screen">
      <CrmHeader
        title={editing() ? t('crm.contact.editTitle') : t('crm.contact.newTitle')}
        titleId="cf-title"
        back={editing() ? `/contacts/${props.id}` : '/contacts'}
      />
      <main class="crm-main crm-scroll" id="main">
        <Show
          when={editing() ? crmCan.edit(me()) : crmCan.create(me())}
          fallback={<p class="pad notice">{t('errors.forbidden')}</p>}
        >
          <Show
            when={!editing() || existing()}
            fallback={<p class="pad muted">{existing.error ? t('crm.contact.notFound') : t('app.loading')}</p>}
          >
            <form class="crm-form card" onSubmit={submit} novalidate data-testid="contact-form">
              <Show
                when={editing()}
                fallback={
                  <div class="phone-block">
                    <label class="field" for="cf-phone">
                      <span>{t('crm.form.phone')} *</span>
                      <input
                        id="cf-phone"
                        type="tel"
                        inputmode="tel"
                        autocomplete="off"
                        value={phone()}
                        onInput={(e) => setPhone(e.currentTarget.value)}
                        onBlur={() => phone() && setTouched(true)}
                        aria-invalid={!!phoneError()}
                        aria-describedby="cf-phone-help"
                        required
                        data-testid="form-phone"
                      />
                    </label>
                    <p
                      id="cf-phone-help"
                      class="small"
                      classList={{ 'field-error': !!phoneError(), muted: !phoneError() }}
                      aria-live="polite"
                      data-testid="form-phone-help"
                    >
                      <Show
                        when={phoneError()}
                        fallback={
                          <Show when={check().ok ? check() : null} fallback={t('crm.form.phoneHint')}>
                            {(c) => {
                              const ok = () => c() as Extract<ReturnType<typeof checkPhone>, { ok: true }>;
                              return (
                                <span data-testid="form-country">
                                  {t('crm.form.countryDetected', {
                                    flag: flag(ok().iso),
                                    country: ok().dial === '1' ? t('crm.form.nanp') : countryName(ok().iso, locale()),
                                    dial: ok().dial,
                                  })}{' '}
                                  · {prettyPhone(ok().e164)}
                                </span>
                              );
                            }}
                          </Show>
                        }
                      >
                        {phoneError()}
                      </Show>
                    </p>
                    <label class="field">
                      <span>{t('crm.form.defaultCountry')}</span>
                      <select
                        value={country()}
                        onChange={(e) => setCountry(e.currentTarget.value)}
                        data-testid="form-country-select"
                      >
                        <For each={countries()}>{(x) => <option value={x.c}>{x.name}</option>}</For>
                      </select>
                    </label>
                  </div>
                }
              >
                <div class="field">
                  <span class="field-label">{t('crm.form.phone')}</span>
                  <span>
                    {prettyPhone(existing()!.phone)} <span class="muted small">— {t('crm.form.phoneReadOnly')}</span>
                  </span>
                </div>
              </Show>
              <div class="grid-2">
                <label class="field">
                  <span>{t('crm.contact.firstName')}</span>
                  <input
                    value={std('first_name')}
                    maxLength={100}
                    autocomplete="off"
                    onInput={(e) => setStd('first_name', e.currentTarget.value)}
                    data-testid="form-first-name"
                  />
                </label>
                <label class="field">
                  <span>{t('crm.contact.lastName')}</span>
                  <input
                    value={std('last_name')}
                    maxLength={100}
                    autocomplete="off"
                    onInput={(e) => setStd('last_name', e.currentTarget.value)}
                    data-testid="form-last-name"
                  />
                </label>
              </div>
              <label class="field">
                <span>{t('crm.contact.displayName')}</span>
                <input
                  value={std('name')}
                  maxLength={200}
                  placeholder={
                    [std('first_name'), std('last_name')].filter(Boolean).join(' ') ||
                    (existing() ? displayName(existing()!) : '')
                  }
                  aria-describedby="cf-name-help"
                  onInput={(e) => setStd('name', e.currentTarget.value)}
                  data-testid="form-name"
                />
                <small id="cf-name-help" class="muted">
                  {t('crm.contact.displayNameHint')}
                </small>
              </label>
              <div class="grid-2">
                <label class="field">
                  <span>{t('crm.contact.email')}</span>
                  <input
                    type="email"
                    value={std('email')}
                    maxLength={200}
                    autocomplete="off"
                    onInput={(e) => setStd('email', e.currentTarget.value)}
                    data-testid="form-email"
                  />
                </label>
                <label class="field">
                  <span>{t('crm.contact.language')}</span>
                  <select
                    value={std('language')}
                    onChange={(e) => setStd('language', e.currentTarget.value)}
                    data-testid="form-language"
                  >
                    <option value="">{t('crm.contact.languageNone')}</option>
                    <For each={[...new Set([...LANGUAGES, ...(std('language') ? [std('language')] : [])])]}>
                      {(l) => <option value={l}>{l.toUpperCase()}</option>}
                    </For>
                  </select>
                </label>
              </div>
              <label class="field">
                <span>{t('crm.contact.notes')}</span>
                <textarea
                  rows="3"
                  maxLength={5000}
                  value={std('notes')}
                  onInput={(e) => setStd('notes', e.currentTarget.value)}
                  data-testid="form-notes"
                />
              </label>
              <Show when={defs().length}>
                <fieldset class="filter-group">
                  <legend>{t('crm.contact.fields')}</legend>
                  <div class="grid-2">
                    <For each={defs()}>
                      {(d) => (
                        <FieldInput def={d} value={fv(d)} onInput={(v) => setValues({ ...values(), [d.key]: v })} />
                      )}
                    </For>
                  </div>
                </fieldset>
              </Show>
              <Show when={!editing()}>
                <Show when={tags().length}>
                  <fieldset class="filter-group">
                    <legend>{t('crm.contact.tags')}</legend>
                    <ToggleChips
                      items={tags()}
                      selected={tagIds()}
                      onChange={setTagIds}
                      label={t('crm.contact.tags')}
                    />
                  </fieldset>
                </Show>
                <Show when={lists().length}>
                  <fieldset class="filter-group">
                    <legend>{t('crm.contact.lists')}</legend>
                    <ToggleChips
                      items={lists()}
                      selected={listIds()}
                      onChange={setListIds}
                      label={t('crm.contact.lists')}
                    />
                  </fieldset>
                </Show>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={optIn()}
                    onChange={(e) => setOptIn(e.currentTarget.checked)}
                    data-testid="form-optin"
                  />{' '}
                  {t('crm.form.optIn')}
                </label>
                <Show when={optIn()}>
                  <label class="field">
                    <span>{t('crm.form.optInSource')}</span>
                    <input
                      value={optInSource()}
                      maxLength={200}
                      onInput={(e) => setOptInSource(e.currentTarget.value)}
                      data-testid="form-optin-source"
                    />
                  </label>
                </Show>
              </Show>
              <Show when={serverError()}>
                {(err) => (
                  <p class="notice notice-error" role="alert" data-testid="form-error">
                    {err().text}{' '}
                    <Show when={err().id}>
                      <a href={`#/contacts/${err().id}`}>{t('crm.form.openExisting')}</a>
                    </Show>
                  </p>
                )}
              </Show>
              <button type="submit" class="btn btn-primary btn-block" disabled={busy()} data-testid="form-submit">
                {busy() ? t('crm.common.saving') : editing() ? t('crm.form.save') : t('crm.form.create')}
              </button>
            </form>
          </Show>
        </Show>
      </main>
    </div>
  );
}
