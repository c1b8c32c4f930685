/** Marketing consent: the current state, its history (when, how, source, scope, who) and manual opt-in / opt-out. */
import { useStore } from '@nanostores/solid';
import { createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $teamById } from '../../stores/team.ts';
import { toast } from '../../ui/toast.ts';
import { crm } from './crm.api.ts';
import type { Consent, CrmContact } from './crm.types.ts';
import { crmError, dateTime } from './crm-ui.tsx';
import { CrmIcon } from './icons.tsx';

const METHODS = ['manual', 'api', 'web_form', 'import', 'keyword', 'meta_131050', 'other'] as const;
export const methodLabel = (m: string | undefined) =>
  m && (METHODS as readonly string[]).includes(m)
    ? t(`crm.consent.method.${m as (typeof METHODS)[number]}`)
    : (m ?? '');

export function ConsentCard(props: { contact: CrmContact; editable: boolean; onChange: (c: CrmContact) => void }) {
  const team = useStore($teamById);
  const memberName = (id: string) => {
    const m = team().get(id);
    return m ? m.name || m.email || '' : '';
  };
  const [version, setVersion] = createSignal(0);
  const [history] = createResource(
    () => [props.contact.id, version()] as const,
    ([id]) => crm.consents(id),
  );
  const [form, setForm] = createSignal<'opt_in' | 'opt_out' | null>(null);
  const [busy, setBusy] = createSignal(false);
  const c = () => props.contact;
  const optedOut = () => !!c().opted_out_at && !c().marketing_allowed;
  const optedIn = () => !!c().opted_in_at && c().marketing_allowed;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const kind = form();
    if (!kind) return;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      const updated = await crm.consent(c().id, {
        kind,
        source: String(data.get('source') ?? '').trim(),
        scope: String(data.get('scope') ?? 'marketing'),
        ...(String(data.get('note') ?? '').trim() ? { note: String(data.get('note')).trim() } : {}),
      });
      props.onChange(updated);
      setForm(null);
      setVersion(version() + 1);
      toast(t('crm.consent.saved'));
    } catch (err) {
      toast(crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card cp-card" aria-labelledby="cp-consent" data-testid="cp-consent">
      <h2 class="cp-card-title" id="cp-consent">
        <CrmIcon name="consent" size={20} /> {t('crm.consent.title')}
      </h2>
      <div class="consent-state" classList={{ in: optedIn(), out: optedOut() }} data-testid="consent-state">
        <strong>{optedIn() ? t('crm.consent.allowed') : t('crm.consent.notAllowed')}</strong>
        <span>
          {optedOut()
            ? t('crm.consent.stateOut', { when: dateTime(c().opted_out_at) })
            : c().opted_in_at
              ? t('crm.consent.stateIn', { when: dateTime(c().opted_in_at) })
              : t('crm.consent.stateNone')}
        </span>
        <Show when={c().consent_method}>
          <span class="muted small">
            {t('crm.consent.via', { method: methodLabel(c().consent_method) })}
            {c().consent_source ? ` · ${t('crm.consent.source', { source: c().consent_source! })}` : ''}
          </span>
        </Show>
      </div>
      <Show when={props.editable}>
        <div class="row-actions wrap">
          <button
            type="button"
            class="btn small"
            aria-expanded={form() === 'opt_in'}
            onClick={() => setForm(form() === 'opt_in' ? null : 'opt_in')}
            data-testid="consent-record-in"
          >
            {t('crm.consent.recordIn')}
          </button>
          <button
            type="button"
            class="btn small"
            aria-expanded={form() === 'opt_out'}
            onClick={() => setForm(form() === 'opt_out' ? null : 'opt_out')}
            data-testid="consent-record-out"
          >
            {t('crm.consent.recordOut')}
          </button>
        </div>
        <Show when={form()}>
          {(kind) => (
            <form class="consent-form" onSubmit={submit} data-testid="consent-form">
              <h3 class="cp-sub">{t(`crm.consent.kind.${kind()}`)}</h3>
              <label class="field">
                <span>{t('crm.consent.sourceLabel')}</span>
                <input name="source" maxLength={200} data-testid="consent-source" />
              </label>
              <label class="field">
                <span>{t('crm.consent.scopeLabel')}</span>
                <select name="scope" data-testid="consent-scope">
                  <option value="marketing">{t('crm.consent.scope.marketing')}</option>
                  <option value="utility">{t('crm.consent.scope.utility')}</option>
                  <option value="all">{t('crm.consent.scope.all')}</option>
                </select>
              </label>
              <label class="field">
                <span>{t('crm.consent.note')}</span>
                <input name="note" maxLength={1000} />
              </label>
              <div class="row-actions">
                <button type="submit" class="btn btn-primary small" disabled={busy()} data-testid="consent-save">
                  {t('crm.consent.save')}
                </button>
                <button type="button" class="btn ghost small" onClick={() => setForm(null)}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          )}
        </Show>
      </Show>
      <h3 class="cp-sub">{t('crm.consent.history')}</h3>
      <Show
        when={history()}
        fallback={<p class="muted small">{history.error ? crmError(history.error) : t('app.loading')}</p>}
      >
        {(items) => (
          <Show when={items().length} fallback={<p class="muted small">{t('crm.consent.noHistory')}</p>}>
            <ol class="consent-history" data-testid="consent-history">
              <For each={items()}>
                {(x: Consent) => (
                  <li
                    class="consent-item"
                    classList={{ out: x.kind === 'opt_out' }}
                    data-testid="consent-item"
                    data-kind={x.kind}
                  >
                    <strong>
                      {t(`crm.consent.kind.${x.kind}`)} · {t(`crm.consent.scope.${x.scope}`)}
                    </strong>
                    <span class="muted small">
                      {dateTime(x.at)} · {methodLabel(x.method)}
                      {x.source ? ` · ${t('crm.consent.source', { source: x.source })}` : ''}
                      {x.by ? ` · ${t('crm.consent.by', { name: memberName(x.by) || '…' })}` : ''}
                    </span>
                    <Show when={x.note}>
                      <span class="small">{x.note}</span>
                    </Show>
                  </li>
                )}
              </For>
            </ol>
          </Show>
        )}
      </Show>
    </section>
  );
}
