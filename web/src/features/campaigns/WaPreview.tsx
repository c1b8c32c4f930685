/**
 * What the sample recipients receive, as WhatsApp shows it: one tab per language of the sample, one recipient
 * at a time, the body as the server rendered it for them (placeholders filled), with the template's header,
 * footer and buttons of that language. Text goes through Formatted (DOM nodes, never HTML).
 */
import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import { componentOf } from '../../../../api/src/modules/templates/template-placeholders.ts';
import { t } from '../../i18n/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Formatted } from '../chat/Formatted.tsx';
import type { TemplateGroup } from '../composer/template-groups.ts';
import type { WizardForm } from './campaign-form.ts';
import type { PreviewSample } from './campaigns.types.ts';
import type { PreviewState } from './use-preview.ts';
import { comps } from './WizardContent.tsx';

export function WaPreview(props: {
  form: Pick<WizardForm, 'kind' | 'buttons' | 'language'>;
  group: TemplateGroup | undefined;
  preview: PreviewState;
}) {
  // before any content is chosen the server counts the audience but has nothing to render
  const samples = () => (props.preview.data()?.sample ?? []).filter((s) => s.preview);
  const languages = createMemo(() => [...new Set(samples().map((s) => s.language || '—'))]);
  const [lang, setLang] = createSignal('');
  const [who, setWho] = createSignal('');
  createEffect(() => {
    if (!languages().includes(lang())) setLang(languages()[0] ?? '');
  });
  const ofLang = () => samples().filter((s) => (s.language || '—') === lang());
  const sample = (): PreviewSample | undefined => ofLang().find((s) => s.contact_id === who()) ?? ofLang()[0];
  const translation = () => {
    const g = props.group;
    const l = sample()?.language ?? '';
    return (
      g?.translations.find((x) => x.language === l) ??
      g?.translations.find((x) => x.language.slice(0, 2) === l.slice(0, 2))
    );
  };
  const header = () => {
    const h = componentOf(comps(translation()), 'HEADER');
    return props.form.kind === 'template' ? h : undefined;
  };
  const footer = () =>
    props.form.kind === 'template' ? (componentOf(comps(translation()), 'FOOTER')?.text ?? '') : '';
  const buttons = () =>
    props.form.kind === 'template'
      ? (componentOf(comps(translation()), 'BUTTONS')?.buttons ?? []).map((b) => b.text ?? '')
      : props.form.buttons.filter((b) => b.trim());

  return (
    <section class="cmp-preview" aria-labelledby="cmp-preview-title" data-testid="cmp-preview">
      <h3 id="cmp-preview-title">{t('cmp.preview')}</h3>
      <Show when={samples().length} fallback={<p class="muted small">{t('cmp.previewEmpty')}</p>}>
        <Show when={languages().length > 1}>
          <div class="segmented" role="radiogroup" aria-label={t('cmp.language')}>
            <For each={languages()}>
              {(l) => (
                <button
                  type="button"
                  role="radio"
                  aria-checked={lang() === l}
                  aria-label={t('cmp.languageTab', { lang: l })}
                  onClick={() => setLang(l)}
                  data-testid="cmp-preview-lang"
                  data-language={l}
                >
                  {l}
                </button>
              )}
            </For>
          </div>
        </Show>
        <label class="field">
          <span>{t('cmp.sample')}</span>
          <select
            value={sample()?.contact_id ?? ''}
            onChange={(e) => setWho(e.currentTarget.value)}
            data-testid="cmp-preview-who"
          >
            <For each={ofLang()}>
              {(s) => (
                <option value={s.contact_id}>
                  {s.name || s.phone} · {s.language}
                </option>
              )}
            </For>
          </select>
        </label>
        <div
          class="wa-phone"
          data-testid="cmp-preview-phone"
          lang={(sample()?.language ?? '').slice(0, 2) || undefined}
        >
          <div class="wa-bar">
            <span class="wa-avatar" aria-hidden="true">
              {(sample()?.name || '?').slice(0, 1)}
            </span>
            <strong>{t('cmp.previewFor', { name: sample()?.name || sample()?.phone || '' })}</strong>
          </div>
          <div class="wa-chat">
            <div class="wa-bubble" data-testid="cmp-preview-bubble">
              <Show when={header()?.format && header()!.format !== 'TEXT'}>
                <div class="wa-media">
                  <Icon name={header()!.format === 'DOCUMENT' ? 'doc' : 'image'} size={40} />
                </div>
              </Show>
              <Show when={header() && (!header()!.format || header()!.format === 'TEXT') && header()!.text}>
                <div class="wa-header-text">{header()!.text}</div>
              </Show>
              <Formatted text={sample()?.preview ?? ''} class="wa-body" />
              <Show when={footer()}>
                <div class="wa-footer">{footer()}</div>
              </Show>
              <span class="wa-time" aria-hidden="true">
                12:00
              </span>
            </div>
            <Show when={buttons().length}>
              <div class="wa-buttons">
                <For each={buttons()}>
                  {(b) => (
                    <span class="wa-button">
                      <Icon name="reply" size={16} />
                      {b}
                    </span>
                  )}
                </For>
              </div>
            </Show>
          </div>
        </div>
      </Show>
    </section>
  );
}
