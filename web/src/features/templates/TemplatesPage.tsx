/**
 * The templates studio, one lazy chunk: the list (a card per template with each language's status) and the
 * editor. Admins and managers write; operators read the templates Meta approved.
 */
import { useStore } from '@nanostores/solid';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { tx } from './tx.ts';
import { $session, can } from '../../stores/session.ts';
import { Icon } from '../../ui/Icon.tsx';
import '../../styles/templates.css';
import type { TemplateRow } from './editor-state.ts';
import TemplateEditor from './TemplateEditor.tsx';
import { templatesApi } from './templates.api.ts';

function Header(props: { title: string; back?: boolean; newButton?: boolean }) {
  return (
    <header class="topbar tpl-topbar">
      <Show when={props.back}>
        <a class="icon-btn" href="#/templates" aria-label={t('tpl.back')} data-testid="tpl-back">
          <Icon name="back" />
        </a>
      </Show>
      <h1 class="topbar-title">{props.title}</h1>
      <Show when={props.newButton}>
        <a
          class="icon-btn"
          href="#/templates/new"
          aria-label={t('tpl.newTemplate')}
          title={t('tpl.newTemplate')}
          data-testid="tpl-new"
        >
          <Icon name="plus" />
        </a>
      </Show>
    </header>
  );
}

function TemplateList(props: { writer: boolean }) {
  const [items] = createResource(() => templatesApi.list());
  const [q, setQ] = createSignal('');
  const groups = createMemo(() => {
    const by = new Map<string, TemplateRow[]>();
    for (const r of items() ?? []) {
      if (r.status === 'DELETED') continue;
      const k = r.name;
      by.set(k, [...(by.get(k) ?? []), r]);
    }
    const needle = q().trim().toLowerCase();
    return [...by.entries()].filter(
      ([name, rs]) =>
        !needle ||
        name.includes(needle) ||
        rs.some((r) =>
          JSON.stringify(r.draft_components ?? r.components ?? '')
            .toLowerCase()
            .includes(needle),
        ),
    );
  });
  return (
    <>
      <Header title={t('tpl.title')} newButton={props.writer} />
      <main class="tpl-main" id="main">
        <div class="tpl-page">
          <p class="muted">{props.writer ? t('tpl.intro') : t('tpl.readOnly')}</p>
          <label class="field">
            <span class="sr-only">{t('tpl.search')}</span>
            <input
              type="search"
              placeholder={t('tpl.search')}
              value={q()}
              onInput={(e) => setQ(e.currentTarget.value)}
              data-testid="tpl-search"
            />
          </label>
          <Show when={!items.loading} fallback={<p class="muted">{t('app.loading')}</p>}>
            <Show when={groups().length} fallback={<p class="empty">{t('tpl.empty')}</p>}>
              <ul class="tpl-cards" role="list" data-testid="tpl-list">
                <For each={groups()}>
                  {([name, rs]) => (
                    <li class="card tpl-card" data-testid="tpl-card" data-name={name}>
                      <a href={`#/templates/${rs[0]!.id}`} class="tpl-card-link">
                        <span class="tpl-card-name">
                          <strong>{name}</strong>{' '}
                          <span class="chip">{tx(`tpl.categories.${rs[0]!.category}`) || rs[0]!.category}</span>
                        </span>
                        <span class="muted clamp">
                          {(rs[0]!.draft_components ?? rs[0]!.components ?? []).find((c) => c.type === 'BODY')?.text ??
                            ''}
                        </span>
                        <span class="tpl-card-langs">
                          <For each={rs}>
                            {(r) => (
                              <span
                                class="tpl-status"
                                data-status={r.status}
                                data-testid="tpl-card-status"
                                data-language={r.language}
                              >
                                {r.language} · {tx(`tpl.status.${r.status}`) || r.status}
                              </span>
                            )}
                          </For>
                        </span>
                      </a>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Show>
        </div>
      </main>
    </>
  );
}

export default function TemplatesPage(props: { id?: string | undefined }) {
  const session = useStore($session);
  const writer = () => can.do(session()?.user, 'template.write');
  return (
    <section class="tpl-screen" data-testid="templates">
      <Show when={props.id} fallback={<TemplateList writer={writer()} />} keyed>
        {(id) => (
          <>
            <Header title={id === 'new' ? t('tpl.newTitle') : t('tpl.editorTitle')} back />
            <main class="tpl-main" id="main">
              <TemplateEditor id={id === 'new' ? undefined : id} canWrite={writer()} />
            </main>
          </>
        )}
      </Show>
    </section>
  );
}
