/**
 * The template as the customer's WhatsApp shows it: a phone with the chat background, the business bubble
 * (header media or text, formatted body, footer, time) and the buttons under it, with the example values,
 * in light or dark mode. Text is rendered through Formatted (DOM nodes, never HTML).
 */
import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { authText } from '../../../../api/src/modules/templates/template-auth.ts';
import { fillText } from '../../../../api/src/modules/templates/template-placeholders.ts';
import { t } from '../../i18n/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Formatted } from '../chat/Formatted.tsx';
import type { LangForm } from './editor-state.ts';

const BUTTON_ICON: Record<string, 'reply' | 'send' | 'info' | 'copy'> = {
  QUICK_REPLY: 'reply',
  URL: 'send',
  PHONE_NUMBER: 'info',
  COPY_CODE: 'copy',
};

export function PhonePreview(props: { form: LangForm; businessName: string }) {
  const [dark, setDark] = createSignal(
    typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches,
  );
  const values = createMemo(() => props.form.examples);
  // an authentication template shows Meta's own text with a sample code
  const auth = createMemo(() => (props.form.auth ? authText(props.form.language, props.form.auth) : undefined));
  const body = createMemo(() =>
    auth() ? auth()!.body.replace('{{1}}', '*123456*') : fillText(props.form.body, values()),
  );
  const footer = createMemo(() => (auth() ? (auth()!.footer ?? '') : props.form.footer));
  const buttons = createMemo(() => (auth() ? [{ type: 'COPY_CODE', text: auth()!.button }] : props.form.buttons));
  const header = createMemo(() => fillText(props.form.headerText, values()));
  return (
    <section class="tpl-preview-wrap" aria-labelledby="tpl-preview-title">
      <div class="tpl-preview-head">
        <h2 id="tpl-preview-title">{t('tpl.preview')}</h2>
        <div class="segmented" role="group" aria-label={t('tpl.preview')}>
          <button type="button" aria-pressed={!dark()} onClick={() => setDark(false)} data-testid="tpl-preview-light">
            {t('tpl.previewLight')}
          </button>
          <button type="button" aria-pressed={dark()} onClick={() => setDark(true)} data-testid="tpl-preview-dark">
            {t('tpl.previewDark')}
          </button>
        </div>
      </div>
      <div
        class="wa-phone"
        classList={{ dark: dark() }}
        data-testid="tpl-preview"
        data-theme={dark() ? 'dark' : 'light'}
        lang={props.form.language.slice(0, 2)}
      >
        <div class="wa-bar">
          <span class="wa-avatar" aria-hidden="true">
            {props.businessName.slice(0, 1)}
          </span>
          <strong>{props.businessName}</strong>
        </div>
        <div class="wa-chat">
          <span class="wa-day">{t('tpl.today')}</span>
          <div class="wa-bubble" data-testid="tpl-preview-bubble">
            <Switch>
              <Match when={!auth() && props.form.headerFormat === 'TEXT' && props.form.headerText}>
                <div class="wa-header-text" data-testid="tpl-preview-header">
                  {header()}
                </div>
              </Match>
              <Match when={!auth() && props.form.headerFormat === 'IMAGE'}>
                <div class="wa-media" data-testid="tpl-preview-media">
                  <Show when={props.form.headerSampleUrl} fallback={<Icon name="image" size={40} />}>
                    <img src={props.form.headerSampleUrl} alt={t('tpl.sample')} />
                  </Show>
                </div>
              </Match>
              <Match when={!auth() && props.form.headerFormat === 'VIDEO'}>
                <div class="wa-media" data-testid="tpl-preview-media">
                  <Show
                    when={props.form.headerSampleUrl}
                    fallback={
                      <span class="wa-play" aria-hidden="true">
                        ▶
                      </span>
                    }
                  >
                    <video src={props.form.headerSampleUrl} muted preload="metadata" aria-label={t('tpl.sample')} />
                  </Show>
                </div>
              </Match>
              <Match when={!auth() && props.form.headerFormat === 'DOCUMENT'}>
                <div class="wa-doc" data-testid="tpl-preview-media">
                  <Icon name="doc" /> PDF
                </div>
              </Match>
            </Switch>
            <Formatted text={body()} class="wa-body" />
            <Show when={footer().trim()}>
              <div class="wa-footer">{footer()}</div>
            </Show>
            <span class="wa-time" aria-hidden="true">
              12:00
            </span>
          </div>
          <Show when={buttons().length}>
            <div class="wa-buttons" data-testid="tpl-preview-buttons">
              <For each={buttons()}>
                {(b) => (
                  <span class="wa-button" data-testid="tpl-preview-button">
                    <Icon name={BUTTON_ICON[b.type] ?? 'reply'} size={16} />
                    {b.type === 'COPY_CODE' ? (auth() ? b.text : t('tpl.buttonTypes.COPY_CODE')) : b.text || '…'}
                  </span>
                )}
              </For>
            </div>
          </Show>
        </div>
      </div>
      <p class="muted small">{t('tpl.previewNote')}</p>
    </section>
  );
}
