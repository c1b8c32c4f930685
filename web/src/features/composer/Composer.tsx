/**
 * Writing to the customer (or an internal note): text with emoji, "/" quick replies, "@" mentions in
 * notes, attachments, reply-to, interactive messages, and the template picker when the 24 h window
 * is closed. Sends are optimistic through the outbox; drafts are kept per chat.
 */
import { useStore } from '@nanostores/solid';
import { createEffect, createMemo, createSignal, lazy, on, onCleanup, Show, Suspense } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { uuid } from '../../lib/id.ts';
import type { Conversation, Message } from '../../lib/types.ts';
import { windowState } from '../../lib/window.ts';
import { flushDrafts, getDraft, setDraft } from '../../stores/drafts.ts';
import { $now } from '../../stores/now.ts';
import { $session, can } from '../../stores/session.ts';
import { $team } from '../../stores/team.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { addNote } from '../chat/chat.ts';
import { errorText } from '../chat/errors.ts';
import { checkAttachment, formatSize, type AttachmentKind } from './attachments.ts';
import { EmojiPicker } from './EmojiPicker.tsx';
import { outbox } from './outbox.ts';
import { $quickReplies, loadQuickReplies, matchQuickReplies } from './quick-replies.store.ts';
import { applySuggestion, mentionedIds, triggerAt, type Trigger } from './suggest.ts';
import { Suggestions, type SuggestionItem } from './Suggestions.tsx';
import { uploadMedia } from './upload.ts';
import { addressOf } from '../chat/address.ts';
import { formatPreview } from '../../lib/format.ts';

const TemplatePicker = lazy(() => import('./TemplatePicker.tsx'));
const InteractiveBuilder = lazy(() => import('./InteractiveBuilder.tsx'));

const coarse = () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

export function Composer(props: {
  c: Conversation;
  replyTo: Message | null;
  onClearReply: () => void;
  onTyping: () => void;
}) {
  const session = useStore($session);
  const now = useStore($now);
  const team = useStore($team);
  const quick = useStore($quickReplies);
  const user = () => session()?.user;
  const [mode, setMode] = createSignal<'reply' | 'note'>('reply');
  const [text, setText] = createSignal('');
  const [file, setFile] = createSignal<{ file: File; kind: AttachmentKind; url?: string } | null>(null);
  const [panel, setPanel] = createSignal<'' | 'emoji' | 'attach' | 'template' | 'interactive'>('');
  const [trigger, setTrigger] = createSignal<Trigger | null>(null);
  const [active, setActive] = createSignal(0);
  const [busy, setBusy] = createSignal(false);
  let picked: Array<{ id: string; name: string }> = [];
  let input!: HTMLTextAreaElement;
  let imageInput!: HTMLInputElement;
  let docInput!: HTMLInputElement;

  const win = () => windowState(props.c.last_inbound_at, now());
  const draftKey = () => (mode() === 'note' ? `${props.c.id}:note` : props.c.id);
  const freeText = () => mode() === 'note' || win().open;

  createEffect(
    on([() => props.c.id, mode], () => {
      setText(getDraft(draftKey()));
      setFile(null);
      setPanel('');
      setTrigger(null);
      picked = [];
      queueMicrotask(autosize);
    }),
  );
  createEffect(
    on(
      () => props.replyTo,
      (r) => r && input?.focus(),
      { defer: true },
    ),
  );
  onCleanup(flushDrafts);
  void loadQuickReplies();

  const autosize = () => {
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  };

  const suggestions = createMemo<SuggestionItem[]>(() => {
    const trig = trigger();
    if (!trig) return [];
    if (trig.kind === '/')
      return matchQuickReplies(quick(), trig.query).map((q) => ({
        id: q.id,
        label: `/${q.shortcut}`,
        detail: q.title || q.body.slice(0, 60),
      }));
    return team()
      .filter((m) => m.active && m.id !== user()?.id && (m.name || '').toLowerCase().includes(trig.query))
      .slice(0, 6)
      .map((m) => ({ id: m.id, label: `@${m.name}`, detail: t(`roles.${m.role}`) }));
  });

  const update = (v: string) => {
    setText(v);
    setDraft(draftKey(), v);
    setTrigger(triggerAt(v, input.selectionStart ?? v.length, mode() === 'note'));
    setActive(0);
    autosize();
    if (mode() === 'reply' && v) props.onTyping();
  };

  const pick = (i: number) => {
    const trig = trigger();
    const item = suggestions()[i];
    if (!trig || !item) return;
    let insert: string;
    if (trig.kind === '/') {
      insert =
        quick()
          .find((q) => q.id === item.id)
          ?.body.replaceAll('{{name}}', props.c.contact_name) ?? '';
    } else {
      const name = item.label.slice(1);
      picked.push({ id: item.id, name });
      insert = `@${name} `;
    }
    const r = applySuggestion(text(), trig, insert);
    update(r.text);
    setTrigger(null);
    queueMicrotask(() => input.setSelectionRange(r.caret, r.caret));
  };

  const chooseFile = (kind: AttachmentKind, f: File | undefined) => {
    setPanel('');
    if (!f) return;
    const check = checkAttachment(f, kind);
    if (!check.ok) {
      const key = check.reason === 'size' ? 'composer.tooLarge' : 'composer.badType';
      const what = t(check.kind === 'image' ? 'chat.photo' : 'chat.document').toLowerCase();
      return toast(t(key, { name: f.name, kind: what, max: check.maxMb }), 'error', 6000);
    }
    setFile({ file: f, kind: check.kind, ...(check.kind === 'image' ? { url: URL.createObjectURL(f) } : {}) });
    input.focus();
  };

  const clear = () => {
    update('');
    setDraft(draftKey(), '');
    setFile(null);
    props.onClearReply();
    picked = [];
  };

  const send = async () => {
    const body = text().trim();
    const att = file();
    if (busy() || (!body && !att)) return;
    if (mode() === 'note') {
      setBusy(true);
      try {
        await addNote(body, mentionedIds(body, picked));
        clear();
      } catch (err) {
        toast(errorText(err), 'error');
      } finally {
        setBusy(false);
      }
      return;
    }
    const c = props.c;
    const key = uuid();
    const context = props.replyTo?.wamid ? { context: { message_id: props.replyTo.wamid } } : {};
    const replyTo = props.replyTo?.wamid || undefined;
    let sending: Promise<Message | undefined>;
    if (att) {
      const caption = body.slice(0, 1024);
      const meta = { ...(caption ? { caption } : {}), ...(att.kind === 'document' ? { filename: att.file.name } : {}) };
      sending = outbox.send({
        key,
        conversationId: c.id,
        type: att.kind,
        replyTo,
        ...(att.url ? { localUrl: att.url } : {}),
        payload: { ...meta, media: { filename: att.file.name, mimeType: att.file.type } },
        prepare: async () => {
          const media = await uploadMedia(att.file);
          return { to: addressOf(c), type: att.kind, [att.kind]: { id: media.id, ...meta }, ...context };
        },
      });
    } else {
      const text = { body, ...(/https?:\/\/|www\./i.test(body) ? { preview_url: true } : {}) };
      sending = outbox.send({
        key,
        conversationId: c.id,
        type: 'text',
        payload: { body },
        replyTo,
        body: { to: addressOf(c), type: 'text', text, ...context },
      });
    }
    clear();
    input.focus();
    const ok = await sending;
    const failed = outbox.$outbox.get().find((i) => i.key === key);
    if (!ok && failed?.error?.code === 'template_required') {
      toast(t('composer.templateRequired'), 'error');
      setPanel('template');
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const list = suggestions();
    if (trigger() && list.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((active() + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        return pick(active());
      }
    }
    if (e.key === 'Escape') {
      if (trigger()) setTrigger(null);
      else if (panel()) setPanel('');
      else if (props.replyTo) props.onClearReply();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !coarse()) {
      e.preventDefault();
      void send();
    }
  };

  const insertEmoji = (emoji: string) => {
    const start = input.selectionStart ?? text().length;
    const end = input.selectionEnd ?? start;
    update(text().slice(0, start) + emoji + text().slice(end));
    queueMicrotask(() => {
      input.focus();
      input.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  return (
    <Show
      when={can.send(user())}
      fallback={
        <p class="composer-readonly" role="note" data-testid="composer-readonly">
          <Icon name="lock" size={16} /> {t('composer.viewer')}
        </p>
      }
    >
      <div class="composer" classList={{ 'note-mode': mode() === 'note' }} data-testid="composer">
        <div class="composer-modes" role="radiogroup" aria-label={t('composer.modeReply')}>
          <button
            type="button"
            role="radio"
            aria-checked={mode() === 'reply'}
            class="mode"
            onClick={() => setMode('reply')}
            data-testid="mode-reply"
          >
            {t('composer.modeReply')}
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={mode() === 'note'}
            class="mode"
            onClick={() => setMode('note')}
            data-testid="mode-note"
          >
            <Icon name="lock" size={14} /> {t('composer.modeNote')}
          </button>
        </div>
        <Show when={props.replyTo && mode() === 'reply'}>
          <div class="reply-strip" data-testid="reply-strip">
            <div class="quote">
              <strong>
                {t('composer.replyingTo', {
                  who: props.replyTo!.direction === 'in' ? props.c.contact_name : t('chat.you'),
                })}
              </strong>
              <span>{formatPreview(props.replyTo!.preview)}</span>
            </div>
            <button
              type="button"
              class="icon-btn"
              aria-label={t('composer.cancelReply')}
              onClick={() => props.onClearReply()}
            >
              <Icon name="close" />
            </button>
          </div>
        </Show>
        <Show when={file()}>
          {(f) => (
            <div class="attach-strip" data-testid="attachment">
              <Show when={f().url} fallback={<Icon name="doc" />}>
                <img src={f().url} alt="" />
              </Show>
              <span class="attach-name">
                {f().file.name} <small class="muted">{formatSize(f().file.size)}</small>
              </span>
              <button
                type="button"
                class="icon-btn"
                aria-label={t('composer.removeAttachment')}
                onClick={() => setFile(null)}
              >
                <Icon name="close" />
              </button>
            </div>
          )}
        </Show>
        <Show
          when={freeText()}
          fallback={
            <div class="window-closed" role="note" data-testid="window-closed">
              <p>{win().closesAt ? t('composer.windowClosed') : t('composer.windowNever')}</p>
              <button
                type="button"
                class="btn btn-primary"
                onClick={() => setPanel('template')}
                data-testid="choose-template"
              >
                <Icon name="template" /> {t('composer.chooseTemplate')}
              </button>
            </div>
          }
        >
          <Show when={trigger()}>
            <Suggestions
              label={trigger()!.kind === '/' ? t('composer.quickReplies') : t('composer.mentions')}
              items={suggestions()}
              active={active()}
              onPick={pick}
              empty={trigger()!.kind === '/' ? t('composer.noQuickReplies', { q: trigger()!.query }) : ''}
            />
          </Show>
          <Show when={panel() === 'emoji'}>
            <EmojiPicker onPick={insertEmoji} onClose={() => setPanel('')} />
          </Show>
          <Show when={panel() === 'attach'}>
            <div class="attach-menu" role="menu">
              <button
                type="button"
                role="menuitem"
                class="menu-item"
                onClick={() => imageInput.click()}
                data-testid="attach-image"
              >
                <Icon name="image" /> {t('composer.attachImage')}
              </button>
              <button
                type="button"
                role="menuitem"
                class="menu-item"
                onClick={() => docInput.click()}
                data-testid="attach-document"
              >
                <Icon name="doc" /> {t('composer.attachDocument')}
              </button>
              <button
                type="button"
                role="menuitem"
                class="menu-item"
                onClick={() => setPanel('interactive')}
                data-testid="open-interactive"
              >
                <Icon name="list" /> {t('composer.interactive')}
              </button>
            </div>
          </Show>
          <div class="composer-row">
            <button
              type="button"
              class="icon-btn"
              aria-label={t('composer.emoji')}
              aria-expanded={panel() === 'emoji'}
              onClick={() => setPanel(panel() === 'emoji' ? '' : 'emoji')}
              data-testid="emoji-toggle"
            >
              <Icon name="emoji" />
            </button>
            <Show when={mode() === 'reply'}>
              <button
                type="button"
                class="icon-btn"
                aria-label={t('composer.attach')}
                aria-expanded={panel() === 'attach'}
                onClick={() => setPanel(panel() === 'attach' ? '' : 'attach')}
                data-testid="attach-toggle"
              >
                <Icon name="attach" />
              </button>
            </Show>
            <textarea
              ref={input}
              rows="1"
              value={text()}
              onInput={(e) => update(e.currentTarget.value)}
              onKeyDown={onKeyDown}
              onBlur={() => setTimeout(() => setTrigger(null), 150)}
              placeholder={
                mode() === 'note'
                  ? t('composer.notePlaceholder')
                  : file()
                    ? t('composer.caption')
                    : t('composer.placeholder')
              }
              aria-label={mode() === 'note' ? t('composer.notePlaceholder') : t('composer.placeholder')}
              aria-describedby="composer-hint"
              aria-autocomplete={trigger() ? 'list' : undefined}
              aria-controls={trigger() && suggestions().length ? 'composer-suggestions' : undefined}
              aria-activedescendant={trigger() && suggestions().length ? `sugg-${active()}` : undefined}
              enterkeyhint={coarse() ? 'enter' : 'send'}
              maxLength={4096}
              data-testid="composer-input"
            />
            <span id="composer-hint" class="sr-only">
              {t('composer.enterHint')}
            </span>
            <button
              type="button"
              class="send-btn"
              aria-label={mode() === 'note' ? t('composer.sendNote') : t('composer.send')}
              disabled={busy() || (!text().trim() && !file())}
              onClick={() => void send()}
              data-testid="composer-send"
            >
              <Icon name={mode() === 'note' ? 'note' : 'send'} />
            </button>
          </div>
        </Show>
        <input
          ref={imageInput}
          type="file"
          accept="image/jpeg,image/png"
          hidden
          onChange={(e) => {
            chooseFile('image', e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
          data-testid="file-image"
        />
        <input
          ref={docInput}
          type="file"
          hidden
          onChange={(e) => {
            chooseFile('document', e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
          data-testid="file-document"
        />
        <Suspense>
          <Show when={panel() === 'template'}>
            <TemplatePicker c={props.c} onClose={() => setPanel('')} />
          </Show>
          <Show when={panel() === 'interactive'}>
            <InteractiveBuilder c={props.c} onClose={() => setPanel('')} />
          </Show>
        </Suspense>
      </div>
    </Show>
  );
}
