/** Quick replies: saved answers for the composer's "/" shortcut; created and edited through /api (validated), read and deleted through /pb. */
import { useStore } from '@nanostores/solid';
import { createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { api, ApiError } from '../../lib/api.ts';
import { pb } from '../../lib/pb.ts';
import { normaliseShortcut, SHORTCUT_MAX, SHORTCUT_PATTERN } from '../../lib/shortcut.ts';
import type { QuickReply } from '../../lib/types.ts';
import { $session, can } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { $quickReplies, loadQuickReplies } from '../composer/quick-replies.store.ts';

export default function QuickRepliesAdmin() {
  const session = useStore($session);
  const list = useStore($quickReplies);
  const editable = () => can.manageQuickReplies(session()?.user);
  // the same rule as the collection's: the author, an admin or a manager
  const mine = (q: QuickReply) => can.do(session()?.user, 'quick_reply.write', { kind: 'owned', owner: q.created_by });
  const [editing, setEditing] = createSignal<QuickReply | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [shortcutError, setShortcutError] = createSignal('');
  void loadQuickReplies(true);

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const shortcut = normaliseShortcut(String(data.get('shortcut')));
    const body = { shortcut, title: String(data.get('title')).trim(), body: String(data.get('body')) };
    setShortcutError('');
    setBusy(true);
    try {
      const cur = editing();
      if (cur) await api(`/api/v1/quick-replies/${cur.id}`, { method: 'PATCH', body });
      else await api('/api/v1/quick-replies', { body });
      form.reset();
      setEditing(null);
      await loadQuickReplies(true);
      toast(t('common.saved'));
    } catch (err) {
      // the shortcut's problems belong next to the field; anything else is a toast
      if (err instanceof ApiError && err.code === 'shortcut_taken')
        setShortcutError(t('settings.shortcutTaken', { shortcut }));
      else if (err instanceof ApiError && err.code === 'validation_failed' && err.message.startsWith('shortcut'))
        setShortcutError(t('settings.shortcutHint'));
      else toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const remove = async (q: QuickReply) => {
    if (!confirm(t('settings.deleteConfirm', { shortcut: q.shortcut }))) return;
    try {
      await pb.collection('quick_replies').delete(q.id);
      await loadQuickReplies(true);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return (
    <section class="settings-section" aria-labelledby="qr-title">
      <h2 id="qr-title">{t('settings.quickReplies')}</h2>
      <p class="muted">{t('settings.qrHint')}</p>
      <Show when={list().length} fallback={<p class="muted">{t('settings.noQuickReplies')}</p>}>
        <ul class="qr-list" role="list">
          <For each={list()}>
            {(q) => (
              <li class="card qr-item" data-testid="quick-reply">
                <div>
                  <strong>/{q.shortcut}</strong> <span class="muted">{q.title}</span>
                  <p class="qr-body">{q.body}</p>
                </div>
                <Show when={mine(q)}>
                  <span class="row-actions">
                    <button
                      type="button"
                      class="icon-btn"
                      aria-label={`${t('common.edit')} /${q.shortcut}`}
                      onClick={() => setEditing(q)}
                    >
                      <Icon name="note" />
                    </button>
                    <button
                      type="button"
                      class="icon-btn"
                      aria-label={`${t('common.delete')} /${q.shortcut}`}
                      onClick={() => void remove(q)}
                    >
                      <Icon name="trash" />
                    </button>
                  </span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={editable()}>
        <form class="card" onSubmit={save} data-testid="quick-reply-form">
          <h3>{editing() ? `${t('common.edit')} /${editing()!.shortcut}` : t('settings.newQuickReply')}</h3>
          <fieldset class="plain" disabled={busy()}>
            <div class="grid-2">
              <label class="field">
                <span>{t('settings.shortcut')}</span>
                <input
                  name="shortcut"
                  required
                  pattern={SHORTCUT_PATTERN}
                  maxLength={SHORTCUT_MAX + 1}
                  value={editing()?.shortcut ?? ''}
                  autocapitalize="off"
                  autocomplete="off"
                  spellcheck={false}
                  aria-describedby="qr-shortcut-hint"
                  aria-invalid={shortcutError() ? 'true' : undefined}
                  data-testid="qr-shortcut"
                  onInvalid={(e) => e.currentTarget.setCustomValidity(t('settings.shortcutHint'))}
                  onInput={(e) => {
                    e.currentTarget.setCustomValidity('');
                    setShortcutError('');
                  }}
                />
                <small
                  id="qr-shortcut-hint"
                  classList={{ muted: !shortcutError(), 'field-error': !!shortcutError() }}
                  role={shortcutError() ? 'alert' : undefined}
                  data-testid="qr-shortcut-hint"
                >
                  {shortcutError() || t('settings.shortcutHint')}
                </small>
              </label>
              <label class="field">
                <span>{t('settings.qrTitle')}</span>
                <input name="title" maxLength={100} value={editing()?.title ?? ''} />
              </label>
            </div>
            <label class="field">
              <span>{t('settings.qrBody')}</span>
              <textarea name="body" required rows="3" maxLength={4096} value={editing()?.body ?? ''} />
            </label>
            <div class="row-actions">
              <button type="submit" class="btn btn-primary">
                {t('common.save')}
              </button>
              <Show when={editing()}>
                <button type="button" class="btn ghost" onClick={() => setEditing(null)}>
                  {t('common.cancel')}
                </button>
              </Show>
            </div>
          </fieldset>
        </form>
      </Show>
    </section>
  );
}
