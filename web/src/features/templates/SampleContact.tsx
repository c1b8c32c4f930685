/** The editor's "Examples from a sample contact": search a contact, fill each placeholder's example from it. */
import { createSignal, For, onCleanup, Show } from 'solid-js';
import type { ParamMapping } from '../../../../api/src/modules/templates/template-placeholders.ts';
import { t } from '../../i18n/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { toast } from '../../ui/toast.ts';
import { displayName } from '../contacts/ContactVirtualList.tsx';
import { crm } from '../contacts/crm.api.ts';
import type { CrmContact } from '../contacts/crm.types.ts';
import { examplesFromContact } from './sample-contact.ts';

export function SampleContact(props: {
  keys: string[];
  examples: Record<string, string>;
  mapping: ParamMapping;
  dynamic: string[];
  onFill: (examples: Record<string, string>) => void;
}) {
  const [open, setOpen] = createSignal(false);
  const [q, setQ] = createSignal('');
  const [found, setFound] = createSignal<CrmContact[] | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ctrl: AbortController | undefined;
  onCleanup(() => {
    clearTimeout(timer);
    ctrl?.abort();
  });

  const search = (text: string) => {
    setQ(text);
    clearTimeout(timer);
    // one request once typing pauses, the previous one cancelled
    timer = setTimeout(() => {
      ctrl?.abort();
      ctrl = new AbortController();
      const query = new URLSearchParams({
        perPage: '8',
        total: 'false',
        sort: 'name',
        ...(text.trim() ? { q: text.trim() } : {}),
      });
      crm.list(query, ctrl.signal).then(
        (r) => setFound(r.items),
        () => undefined,
      );
    }, 200);
  };

  const pick = (c: CrmContact) => {
    const { examples } = examplesFromContact(props.keys, props.examples, props.mapping, props.dynamic, {
      ...c,
      name: c.name || displayName(c),
    });
    props.onFill(examples);
    setOpen(false);
    toast(t('tpl.sampleContactFilled', { name: displayName(c) }));
  };

  return (
    <div class="tpl-sample-contact">
      <button
        type="button"
        class="btn small"
        aria-expanded={open()}
        onClick={() => {
          setOpen(!open());
          if (open()) search(q());
        }}
        data-testid="tpl-sample-contact"
      >
        <Icon name="user" size={16} /> {t('tpl.fillFromContact')}
      </button>
      <Show when={open()}>
        <label class="field">
          <span class="sr-only">{t('tpl.sampleContactSearch')}</span>
          <input
            type="search"
            value={q()}
            placeholder={t('tpl.sampleContactSearch')}
            onInput={(e) => search(e.currentTarget.value)}
            data-testid="tpl-sample-contact-search"
          />
        </label>
        <Show when={found()}>
          <Show when={found()!.length} fallback={<p class="muted small">{t('tpl.sampleContactNone')}</p>}>
            <ul class="menu-list" role="list">
              <For each={found()!}>
                {(c) => (
                  <li>
                    <button
                      type="button"
                      class="menu-item"
                      onClick={() => pick(c)}
                      data-testid="tpl-sample-contact-option"
                    >
                      <span>
                        <strong>{displayName(c)}</strong> <small class="muted">{c.phone}</small>
                      </span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </Show>
    </div>
  );
}
