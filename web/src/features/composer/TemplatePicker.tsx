/** Choose an approved template, fill its parameters (pre-filled from the contact), preview and send. */
import { createMemo, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { uuid } from '../../lib/id.ts';
import type { Conversation, Template } from '../../lib/types.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Sheet } from '../../ui/Sheet.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { Formatted } from '../chat/Formatted.tsx';
import { outbox } from './outbox.ts';
import { buildComponents, paramId, prefillMapped, renderTemplate, templateParams } from './template.ts';
import { TemplateChooser, TemplateLanguageSwitch, TemplateParamFields } from './TemplateChooser.tsx';
import { pickTranslation, type TemplateGroup } from './template-groups.ts';
import { crm } from '../contacts/crm.api.ts';
import type { CrmContact } from '../contacts/crm.types.ts';
import { $numbersById } from '../numbers/numbers.store.ts';
import { addressOf } from '../chat/address.ts';

export default function TemplatePicker(props: { c: Conversation; onClose: () => void }) {
  const [group, setGroup] = createSignal<TemplateGroup | null>(null);
  const [chosen, setChosen] = createSignal<Template | null>(null);
  const [values, setValues] = createSignal<Record<string, string>>({});
  // the contact's language, country and fields choose the translation and fill the parameters; the
  // conversation's own phone is enough for the prefix rule if the contact cannot be read
  const contact: Promise<CrmContact | undefined> = props.c.contact
    ? crm.get(props.c.contact).catch(() => undefined)
    : Promise.resolve(undefined);
  const contactValues = (k: CrmContact | undefined) =>
    k ? { ...k, name: k.name || props.c.contact_name } : { name: props.c.contact_name, phone: props.c.contact_phone };

  const params = createMemo(() => (chosen() ? templateParams(chosen()!) : []));
  const preview = createMemo(() => (chosen() ? renderTemplate(chosen()!, values()) : null));
  const complete = () => params().every((p) => (values()[paramId(p)] ?? '').trim());

  const use = async (tpl: Template) => {
    setChosen(tpl);
    setValues(prefillMapped(tpl, templateParams(tpl), contactValues(await contact)));
  };
  const choose = async (g: TemplateGroup) => {
    const k = await contact;
    setGroup(g);
    await use(
      pickTranslation(g, { language: k?.language, country: k?.country, phone: k?.phone || props.c.contact_phone })
        ?.template ?? g.translations[0]!,
    );
  };

  const send = async () => {
    const tpl = chosen();
    if (!tpl || !complete()) return;
    const components = buildComponents(
      params(),
      Object.fromEntries(Object.entries(values()).map(([k, v]) => [k, v.trim()])),
    );
    const template = { name: tpl.name, language: { code: tpl.language }, ...(components.length ? { components } : {}) };
    props.onClose();
    const key = uuid();
    const ok = await outbox.send({
      key,
      conversationId: props.c.id,
      type: 'template',
      payload: template,
      body: { to: addressOf(props.c), type: 'template', template },
    });
    if (!ok) toast(errorText(outbox.$outbox.get().find((i) => i.key === key)?.error ?? new Error('')), 'error');
  };

  return (
    <Sheet title={t('templates.title')} onClose={props.onClose} wide testid="template-picker">
      <Show
        when={chosen()}
        fallback={
          <TemplateChooser
            onChoose={(g) => void choose(g)}
            wabaId={$numbersById.get().get(props.c.wa_number)?.waba_id}
          />
        }
      >
        {(tpl) => (
          <form
            class="template-form"
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}
          >
            <button type="button" class="btn ghost small" onClick={() => setChosen(null)}>
              <Icon name="back" size={16} /> {t('templates.back')}
            </button>
            <h3>
              {tpl().name} <TemplateLanguageSwitch group={group()!} current={tpl()} onSwitch={(x) => void use(x)} />
            </h3>
            <TemplateParamFields params={params()} values={values()} onChange={setValues} />
            <p class="muted small">{t('templates.preview')}</p>
            <div class="bubble template-preview" data-testid="template-preview">
              <Show when={preview()?.header}>
                <div class="msg-header">{preview()!.header}</div>
              </Show>
              <Formatted text={preview()?.body ?? ''} />
              <Show when={preview()?.footer}>
                <div class="msg-footer">{preview()!.footer}</div>
              </Show>
              <Show when={preview()?.buttons.length}>
                <div class="msg-buttons">
                  <For each={preview()!.buttons}>{(b) => <span class="msg-button">{b.text}</span>}</For>
                </div>
              </Show>
            </div>
            <button type="submit" class="btn btn-primary btn-block" disabled={!complete()} data-testid="template-send">
              <Icon name="send" /> {complete() ? t('templates.send') : t('templates.missing')}
            </button>
          </form>
        )}
      </Show>
    </Sheet>
  );
}
