/**
 * "Start chat" for a contact without a conversation: the business may write first only with an
 * approved template, so this is the inbox's template flow (same parameters, pre-fill and preview);
 * the server creates the conversation with the message, and the chat opens at #/c/<id>.
 */
import { createMemo, createSignal, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import type { Template } from '../../lib/types.ts';
import { navigate } from '../../router.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { buildComponents, paramId, prefillMapped, renderTemplate, templateParams } from '../composer/template.ts';
import { TemplateChooser, TemplateLanguageSwitch, TemplateParamFields } from '../composer/TemplateChooser.tsx';
import { pickTranslation, type TemplateGroup } from '../composer/template-groups.ts';
import { displayName } from './ContactVirtualList.tsx';
import { crm } from './crm.api.ts';
import type { CrmContact } from './crm.types.ts';
import { crmError } from './crm-ui.tsx';

export default function StartChat(props: {
  contact: CrmContact;
  onClose: () => void;
  phoneNumberId?: string | undefined;
  wabaId?: string | undefined;
}) {
  const [group, setGroup] = createSignal<TemplateGroup | null>(null);
  const [chosen, setChosen] = createSignal<Template | null>(null);
  const [values, setValues] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);
  const name = () => displayName(props.contact);
  const optedOut = () => !!props.contact.opted_out_at && !props.contact.marketing_allowed;

  const params = createMemo(() => (chosen() ? templateParams(chosen()!) : []));
  const preview = createMemo(() => (chosen() ? renderTemplate(chosen()!, values()) : null));
  const complete = () => params().every((p) => (values()[paramId(p)] ?? '').trim());

  const use = (tpl: Template) => {
    setChosen(tpl);
    setValues(prefillMapped(tpl, templateParams(tpl), { ...props.contact, name: props.contact.first_name || name() }));
  };
  // the translation this contact gets (language → phone prefix → default), switchable
  const choose = (g: TemplateGroup) => {
    setGroup(g);
    use(pickTranslation(g, props.contact)?.template ?? g.translations[0]!);
  };

  const send = async (e: SubmitEvent) => {
    e.preventDefault();
    const tpl = chosen();
    if (!tpl || !complete()) return;
    const components = buildComponents(
      params(),
      Object.fromEntries(Object.entries(values()).map(([k, v]) => [k, v.trim()])),
    );
    setBusy(true);
    try {
      const res = await crm.sendTemplate(
        props.contact.phone,
        { name: tpl.name, language: { code: tpl.language }, ...(components.length ? { components } : {}) },
        props.phoneNumberId,
      );
      toast(t('crm.chat.sent'));
      props.onClose();
      navigate(`/c/${res.message.conversation}`);
    } catch (err) {
      toast(crmError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet title={t('crm.chat.title')} onClose={props.onClose} wide testid="start-chat">
      <p class="muted small">{t('crm.chat.intro', { name: name() })}</p>
      <Show when={props.contact.blocked}>
        <p class="notice notice-warn small">{t('crm.chat.blocked')}</p>
      </Show>
      <Show when={optedOut()}>
        <p class="notice notice-warn small">{t('crm.chat.optedOut')}</p>
      </Show>
      <Show when={chosen()} fallback={<TemplateChooser onChoose={choose} wabaId={props.wabaId} />}>
        {(tpl) => (
          <form class="template-form" onSubmit={send}>
            <button type="button" class="btn ghost small" onClick={() => setChosen(null)}>
              <Icon name="back" size={16} /> {t('templates.back')}
            </button>
            <h3>
              {tpl().name} <TemplateLanguageSwitch group={group()!} current={tpl()} onSwitch={use} />
            </h3>
            <TemplateParamFields params={params()} values={values()} onChange={setValues} />
            <p class="muted small">{t('templates.preview')}</p>
            <div class="bubble template-preview start-chat-preview" data-testid="template-preview">
              <Show when={preview()?.header}>
                <div class="msg-header">{preview()!.header}</div>
              </Show>
              <div class="msg-text">{preview()?.body ?? ''}</div>
              <Show when={preview()?.footer}>
                <div class="msg-footer">{preview()!.footer}</div>
              </Show>
            </div>
            <button
              type="submit"
              class="btn btn-primary btn-block"
              disabled={!complete() || busy()}
              data-testid="start-chat-send"
            >
              <Icon name="send" /> {complete() ? t('crm.chat.send') : t('templates.missing')}
            </button>
          </form>
        )}
      </Show>
    </Sheet>
  );
}
