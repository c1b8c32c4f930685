/**
 * "Simulate on a contact": pick a contact (search by name or phone), optionally the message they write, and see
 * what the saved automation would do — each step with its time, outcome and the message it would send. A dry run:
 * the server sends nothing and changes nothing. Previews and details are customer text: rendered as text only.
 */
import { createSignal, createUniqueId, For, onCleanup, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { when } from '../campaigns/cmp-ui.tsx';
import { crm } from '../contacts/crm.api.ts';
import type { CrmContact } from '../contacts/crm.types.ts';
import { tx } from '../templates/tx.ts';
import { automationsApi } from './automations.api.ts';
import type { Simulation } from './automations.types.ts';
import { actionLabel, stepLabel } from './auto-ui.tsx';

type Found = Pick<CrmContact, 'id' | 'name' | 'phone'>;

function ContactSearch(props: { onPick: (c: Found) => void }) {
  const [q, setQ] = createSignal('');
  const [found, setFound] = createSignal<Found[]>([]);
  const [searched, setSearched] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ctl: AbortController | undefined;
  onCleanup(() => {
    clearTimeout(timer);
    ctl?.abort();
  });
  const search = (v: string) => {
    setQ(v);
    clearTimeout(timer);
    timer = setTimeout(async () => {
      ctl?.abort();
      ctl = new AbortController();
      try {
        const r = await crm.page(new URLSearchParams({ q: v.trim(), perPage: '6' }), ctl.signal);
        setFound(r.items);
        setSearched(true);
      } catch (err) {
        if ((err as Error).name !== 'AbortError') toast(errorText(err), 'error');
      }
    }, 250);
  };
  const listId = createUniqueId();
  return (
    <div class="auto-contact-search">
      <label class="field">
        <span>{t('auto.sim.contact')}</span>
        <input
          type="search"
          value={q()}
          placeholder={t('auto.sim.search')}
          aria-controls={listId}
          onInput={(e) => search(e.currentTarget.value)}
          data-testid="auto-sim-search"
        />
      </label>
      <ul class="auto-contact-results" id={listId} role="list" aria-live="polite">
        <For each={found()}>
          {(c) => (
            <li>
              <button
                type="button"
                class="btn small ghost auto-contact-option"
                onClick={() => props.onPick(c)}
                data-testid="auto-sim-contact"
                data-phone={c.phone}
              >
                <span>{c.name || c.phone}</span>
                <span class="muted small">{c.name ? c.phone : ''}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={searched() && !found().length}>
        <p class="muted small">{t('auto.sim.noMatch')}</p>
      </Show>
    </div>
  );
}

export function SimulatePanel(props: {
  /** saves first when there are unsaved changes; the id to simulate, undefined when saving failed */
  ready: () => Promise<string | undefined>;
  dirty: boolean;
}) {
  const [contact, setContact] = createSignal<Found | null>(null);
  const [text, setText] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [result, setResult] = createSignal<Simulation | null>(null);
  const run = async (e: Event) => {
    e.preventDefault();
    const c = contact();
    if (!c) return;
    setBusy(true);
    try {
      const id = await props.ready();
      if (id) setResult(await automationsApi.simulate(id, c.id, text().trim() || undefined));
    } catch (err) {
      toast(errorText(err), 'error', 8000);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card auto-sim" aria-labelledby="auto-sim-title" data-testid="auto-sim">
      <h2 id="auto-sim-title">{t('auto.sim.title')}</h2>
      <p class="muted small">{t('auto.sim.hint')}</p>
      <form onSubmit={run}>
        <Show when={contact()} fallback={<ContactSearch onPick={setContact} />}>
          {(c) => (
            <div class="cmp-chosen" data-testid="auto-sim-chosen">
              <span>
                <strong>{c().name || c().phone}</strong> <span class="muted small">{c().name ? c().phone : ''}</span>
              </span>
              <button type="button" class="btn small" onClick={() => setContact(null)} data-testid="auto-sim-change">
                {t('auto.sim.change')}
              </button>
            </div>
          )}
        </Show>
        <label class="field">
          <span>{t('auto.sim.text')}</span>
          <input
            value={text()}
            maxLength={1000}
            onInput={(e) => setText(e.currentTarget.value)}
            data-testid="auto-sim-text"
          />
        </label>
        <button type="submit" class="btn btn-primary" disabled={busy() || !contact()} data-testid="auto-sim-run">
          {props.dirty ? t('auto.sim.saveAndRun') : t('auto.sim.run')}
        </button>
      </form>
      <Show when={result()}>
        {(r) => (
          <div class="auto-sim-result" role="status" data-testid="auto-sim-result" data-entered={r().entered}>
            <p class={r().entered ? 'notice notice-ok' : 'notice notice-warn'} data-testid="auto-sim-entered">
              {r().entered ? t('auto.sim.entered') : t('auto.sim.notEntered')}
              <Show when={r().reason}>
                <span class="small auto-reason">{r().reason}</span>
              </Show>
            </p>
            <ol class="auto-sim-steps">
              <For each={r().steps}>
                {(s) => (
                  <li data-testid="auto-sim-step" data-step={s.step} data-outcome={s.outcome}>
                    <div class="auto-sim-line">
                      <strong>{stepLabel(s.step)}</strong>
                      <span>{actionLabel(s.action)}</span>
                      <span class="auto-outcome" data-outcome={s.outcome}>
                        {tx(`auto.sim.outcomes.${s.outcome}`) || s.outcome}
                      </span>
                    </div>
                    <span class="small muted">{when(s.at)}</span>
                    <Show when={s.detail}>
                      <span class="small">{s.detail}</span>
                    </Show>
                    <Show when={s.preview}>
                      <p class="auto-preview" data-testid="auto-sim-preview">
                        {s.preview}
                      </p>
                    </Show>
                  </li>
                )}
              </For>
            </ol>
          </div>
        )}
      </Show>
    </section>
  );
}
