/** Custom (dynamic) fields for admins and managers: key like BIRTHDAY_DATE, type, "on the contact", required. */
import { useStore } from '@nanostores/solid';
import { createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { $session } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { crm } from './crm.api.ts';
import type { FieldDef, FieldType } from './crm.types.ts';
import { CrmHeader, crmError, CrmTabs } from './crm-ui.tsx';
import { $fields, crmCan, loadFields } from './taxonomy.ts';

const TYPES: FieldType[] = ['text', 'number', 'date', 'datetime', 'boolean'];
/** "data di nascita" → "DATA_DI_NASCITA" while typing */
export const toKey = (s: string) =>
  s
    .toUpperCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Z0-9_]+/g, '_')
    .replace(/^[^A-Z]+/, '')
    .slice(0, 40);

export default function FieldsAdmin() {
  const session = useStore($session);
  const fields = useStore($fields);
  const allowed = () => crmCan.defineFields(session()?.user);
  const [key, setKey] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    try {
      await crm.createField({
        key: key().replace(/_+$/, ''),
        label: String(data.get('label') ?? '').trim(),
        type: String(data.get('type')) as FieldType,
        on_contact: data.get('on_contact') === 'on',
        required: data.get('required') === 'on',
      });
      form.reset();
      setKey('');
      await loadFields();
      toast(t('crm.fields.created'));
    } catch (err) {
      toast((err as { code?: string }).code === 'already_exists' ? t('crm.fields.keyTaken') : crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const patch = async (f: FieldDef, body: { label?: string; on_contact?: boolean; required?: boolean }) => {
    try {
      await crm.patchField(f.id, body);
      await loadFields();
      toast(t('crm.fields.saved'));
    } catch (err) {
      toast(crmError(err), 'error');
      void loadFields();
    }
  };

  const remove = async (f: FieldDef) => {
    if (!confirm(`${t('crm.common.confirmDelete', { name: f.key })} ${t('crm.fields.deleteHint')}`)) return;
    try {
      await crm.deleteField(f.id);
      await loadFields();
      toast(t('crm.fields.deleted'));
    } catch (err) {
      toast(crmError(err), 'error');
    }
  };

  return (
    <div class="crm-screen">
      <CrmHeader title={t('crm.fields.title')} titleId="fields-title" />
      <CrmTabs current="fields" />
      <main class="crm-main crm-scroll" id="main">
        <div class="crm-page">
          <p class="muted">{t('crm.fields.intro')}</p>
          <Show when={allowed()} fallback={<p class="notice">{t('crm.fields.adminOnly')}</p>}>
            <Show when={fields().length} fallback={<p class="muted">{t('crm.fields.none')}</p>}>
              <ul class="crm-cards" role="list" data-testid="fields-list">
                <For each={fields()}>
                  {(f) => (
                    <li class="card field-card" data-testid="field-item" data-key={f.key}>
                      <div class="field-card-head">
                        <code class="field-key">{f.key}</code>
                        <span class="chip">{t(`crm.fields.types.${f.type}`)}</span>
                        <button
                          type="button"
                          class="icon-btn small"
                          aria-label={t('crm.fields.delete', { key: f.key })}
                          onClick={() => void remove(f)}
                        >
                          <Icon name="trash" size={18} />
                        </button>
                      </div>
                      <label class="field">
                        <span>{t('crm.fields.label')}</span>
                        <input
                          value={f.label}
                          maxLength={100}
                          onChange={(e) =>
                            e.currentTarget.value !== f.label && void patch(f, { label: e.currentTarget.value.trim() })
                          }
                        />
                      </label>
                      <div class="row-actions wrap">
                        <label class="check">
                          <input
                            type="checkbox"
                            class="switch"
                            checked={f.on_contact}
                            onChange={(e) => void patch(f, { on_contact: e.currentTarget.checked })}
                            data-testid="field-on-contact"
                          />{' '}
                          {t('crm.fields.onContact')}
                        </label>
                        <label class="check">
                          <input
                            type="checkbox"
                            class="switch"
                            checked={f.required}
                            onChange={(e) => void patch(f, { required: e.currentTarget.checked })}
                          />{' '}
                          {t('crm.fields.required')}
                        </label>
                      </div>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <form class="card" onSubmit={create} data-testid="field-form">
              <h2 class="cp-card-title">{t('crm.fields.new')}</h2>
              {/* locked while it saves, so nothing typed meanwhile is wiped by the reset */}
              <fieldset class="plain" disabled={busy()}>
                <div class="grid-2">
                  <label class="field">
                    <span>{t('crm.fields.key')}</span>
                    <input
                      name="key"
                      value={key()}
                      onInput={(e) => setKey(toKey(e.currentTarget.value))}
                      required
                      pattern="[A-Z][A-Z0-9_]{0,39}"
                      maxLength={40}
                      autocapitalize="characters"
                      autocomplete="off"
                      aria-describedby="field-key-help"
                      data-testid="field-key"
                    />
                    <small id="field-key-help" class="muted">
                      {t('crm.fields.keyHint')}
                    </small>
                  </label>
                  <label class="field">
                    <span>{t('crm.fields.label')}</span>
                    <input name="label" maxLength={100} data-testid="field-label" />
                  </label>
                  <label class="field">
                    <span>{t('crm.fields.type')}</span>
                    <select name="type" data-testid="field-type">
                      <For each={TYPES}>{(ty) => <option value={ty}>{t(`crm.fields.types.${ty}`)}</option>}</For>
                    </select>
                  </label>
                </div>
                <label class="check">
                  <input type="checkbox" class="switch" name="on_contact" checked aria-describedby="field-oc-help" />{' '}
                  {t('crm.fields.onContact')}
                </label>
                <small id="field-oc-help" class="muted">
                  {t('crm.fields.onContactHint')}
                </small>
                <label class="check">
                  <input type="checkbox" class="switch" name="required" /> {t('crm.fields.required')}
                </label>
                <button type="submit" class="btn btn-primary" disabled={busy() || !key()} data-testid="field-create">
                  {t('crm.common.create')}
                </button>
              </fieldset>
            </form>
          </Show>
        </div>
      </main>
    </div>
  );
}
