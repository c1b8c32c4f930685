/**
 * The automation builder, tablet first: the name, the trigger card, the vertical flow of step cards (lanes indented
 * under their step) and, beside it from 900 px (below it on a phone), the checklist of what stops activation and
 * the simulation panel. The draft lives in one store that is the definition itself; the server's answer after a
 * save (tags and lists as ids, a new version) replaces it.
 */
import { useStore } from '@nanostores/solid';
import { createEffect, createMemo, createResource, createSignal, on, onCleanup, Show } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import { stepAt } from '../../../../api/src/modules/automations/automation-rules.ts';
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { navigate } from '../../router.ts';
import { toast } from '../../ui/toast.ts';
import { loadStatus } from '../calendar/hours.api.ts';
import { errorText } from '../chat/errors.ts';
import { Confirm } from '../campaigns/cmp-ui.tsx';
import { groupTemplates } from '../composer/template-groups.ts';
import { $templates, loadTemplates } from '../composer/templates.store.ts';
import { loadTaxonomy } from '../contacts/taxonomy.ts';
import { tx } from '../templates/tx.ts';
import { customerWrote, type Draft, draftIssues, emptyDraft, fromAutomation, toBody } from './automation-form.ts';
import { automationsApi } from './automations.api.ts';
import type { Automation } from './automations.types.ts';
import { AutoHeader, StateBadge } from './auto-ui.tsx';
import { EditorOptions, IssuesPanel, type ShownIssue } from './EditorParts.tsx';
import { EditorContext, type EditorCtx } from './editor-context.ts';
import { NameSuggestions } from './pickers.tsx';
import { SimulatePanel } from './SimulatePanel.tsx';
import { FlowLane } from './StepCard.tsx';
import { stepOfIssuePath } from './step-tree.ts';
import { templateShape } from './TemplateFields.tsx';
import { TriggerCard } from './TriggerCard.tsx';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The toast for a refusal: the reason when it is one sentence, else where to look. */
function refusalText(err: unknown, shown: ShownIssue[]): string {
  if (err instanceof ApiError && err.code === 'phrase_taken') return t('auto.issues.phraseTaken');
  return shown.length ? t('auto.refused') : errorText(err);
}

/** A server refusal as messages on the builder: each validation issue where it belongs, a taken phrase on the trigger. */
function serverIssues(err: unknown): ShownIssue[] {
  if (!(err instanceof ApiError)) return [];
  if (err.code === 'phrase_taken') return [{ at: 'trigger', message: t('auto.issues.phraseTaken') }];
  // what the store checks before activating (templates, fields): {problems: [{step, problem}]}, step a path or 'trigger'
  const problems = (err.details as { problems?: Array<{ step?: unknown; problem?: unknown }> } | undefined)?.problems;
  if (Array.isArray(problems))
    return problems.map((p) => ({
      at: typeof p.step === 'string' && p.step ? p.step : 'flow',
      message: String(p.problem ?? err.message),
    }));
  // the schema's refusals: [{path: "steps.1.action.text", message}]
  const details = Array.isArray(err.details) ? (err.details as Array<{ path?: unknown; message?: unknown }>) : [];
  return details
    .filter((d) => typeof d.message === 'string')
    .map((d) => {
      const p = typeof d.path === 'string' ? d.path : '';
      const at = stepOfIssuePath(p) ?? (p.startsWith('trigger') ? 'trigger' : p === 'name' ? 'name' : 'flow');
      return { at, message: String(d.message) };
    });
}

export default function AutomationEditor(props: { id?: string | undefined }) {
  const [draft, setDraft] = createStore<Draft>(emptyDraft());
  const [saved, setSaved] = createSignal<Automation | null>(null);
  const [savedJson, setSavedJson] = createSignal(JSON.stringify(toBody(emptyDraft())));
  const [tried, setTried] = createSignal(false);
  const [fromServer, setFromServer] = createSignal<ShownIssue[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [asking, setAsking] = createSignal<{ text: string; action: string; go: () => void } | null>(null);
  const templates = useStore($templates);
  const [tplReady, setTplReady] = createSignal(false);
  void loadTemplates().then(() => setTplReady(true));
  void loadTaxonomy().catch(() => undefined);
  // the zone the campaigns' schedules use too: business hours' (the server's default until they are set)
  const [zone] = createResource(() =>
    loadStatus()
      .then((s) => s.timezone || browserZone())
      .catch(browserZone),
  );

  const [existing] = createResource(
    () => props.id,
    (id) => automationsApi.get(id),
  );
  const load = (a: Automation) => {
    setSaved(a);
    setDraft(reconcile(fromAutomation(a)));
    setSavedJson(JSON.stringify(toBody(draft)));
  };
  let filled = false;
  createEffect(() => {
    const a = existing();
    if (a && !filled) {
      filled = true;
      load(a);
    }
  });

  const groups = createMemo(() => groupTemplates(templates()));
  const issues = createMemo(() =>
    draftIssues(draft, (name, language) => {
      // until the templates are here, a chosen one is not reported missing
      if (!tplReady()) return { params: [], media: false };
      const s = templateShape(groups(), name, language);
      return s && { params: s.params, media: s.media };
    }),
  );
  const bodyJson = createMemo(() => JSON.stringify(toBody(draft)));
  const dirty = createMemo(() => bodyJson() !== savedJson());
  // what the server said is about the definition it saw: an edit makes it stale
  createEffect(on(bodyJson, () => setFromServer([]), { defer: true }));
  const shown = createMemo<ShownIssue[]>(() => [
    ...fromServer(),
    ...issues().map((i) => ({ at: i.at, message: tx(`auto.issues.${i.key}`) || i.key })),
  ]);

  const ctx: EditorCtx = {
    draft,
    setDraft,
    setTrigger: (tr) => setDraft(produce((d) => void (d.trigger = tr))),
    edit: (path, fn) =>
      setDraft(
        produce((d) => {
          const s = stepAt(d.steps, path);
          if (s) fn(s);
        }),
      ),
    editSteps: (fn) => setDraft(produce((d) => fn(d.steps))),
    issuesAt: (at) => [
      ...fromServer()
        .filter((i) => i.at === at)
        .map((i) => i.message),
      ...(tried() ? issues().filter((i) => i.at === at) : []).map((i) => tx(`auto.issues.${i.key}`) || i.key),
    ],
    groups,
    businessZone: () => zone() ?? browserZone(),
    windowMayBeClosed: () => !customerWrote(draft.trigger),
    confirm: (text, go) => setAsking({ text, action: t('auto.step.removeAction'), go }),
  };

  // a refused save or activation takes the focus to the checklist: its items lead to each place to fix
  const focusChecklist = () =>
    queueMicrotask(() => {
      const title = document.getElementById('auto-check-title');
      title?.scrollIntoView({ block: 'center' });
      title?.focus({ preventScroll: true });
    });

  /** Save (create or patch); the saved automation, or undefined when something must be fixed first. */
  const persist = async (): Promise<Automation | undefined> => {
    setTried(true);
    if (issues().length) {
      focusChecklist();
      return undefined;
    }
    setBusy(true);
    setFromServer([]);
    try {
      const body = toBody(draft);
      const cur = saved();
      // settings go only when there are some (or were): an empty object would be a new version of the same flow
      const settings = body.settings ?? (cur && Object.keys(cur.settings).length ? {} : undefined);
      const a = cur
        ? await automationsApi.patch(cur.id, {
            name: body.name,
            trigger: body.trigger,
            steps: body.steps,
            ...(settings ? { settings } : {}),
          })
        : await automationsApi.create({ ...body, active: false });
      // the answer names new tags and lists by id: learn them before showing it
      await loadTaxonomy(true).catch(() => undefined);
      load(a);
      if (!cur) history.replaceState(history.state, '', `#/automations/${a.id}`);
      toast(
        cur && cur.running > 0 && a.version !== cur.version
          ? t('auto.savedVersion', { version: a.version })
          : t('auto.saved'),
      );
      return a;
    } catch (err) {
      const shownNow = serverIssues(err);
      setFromServer(shownNow);
      toast(refusalText(err, shownNow), 'error', 8000);
      focusChecklist();
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: 'activate' | 'pause') => {
    if (action === 'activate') {
      setTried(true);
      if (issues().length) return focusChecklist();
    }
    const a = dirty() || !saved() ? await persist() : saved();
    if (!a) return;
    setBusy(true);
    try {
      const next = await automationsApi.act(a.id, action);
      setSaved(next);
      toast(action === 'activate' ? t('auto.done.activate') : t('auto.done.pause'));
    } catch (err) {
      const shownNow = serverIssues(err);
      setFromServer(shownNow);
      toast(refusalText(err, shownNow), 'error', 8000);
    } finally {
      setBusy(false);
    }
  };

  // unsaved changes are not lost by a slip: closing the tab asks (the browser's question), the back arrow too
  const unload = (e: BeforeUnloadEvent) => {
    if (!dirty()) return;
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', unload);
  onCleanup(() => window.removeEventListener('beforeunload', unload));
  const back = (e: MouseEvent) => {
    if (!dirty()) return;
    e.preventDefault();
    setAsking({ text: t('auto.leaveConfirm'), action: t('auto.leave'), go: () => navigate('/automations') });
  };

  const title = () => draft.name.trim() || (props.id ? t('auto.editTitle') : t('auto.newTitle'));
  return (
    <>
      <AutoHeader title={title()} back="#/automations" onBack={back}>
        <Show when={saved()}>
          {(a) => (
            <a class="btn small" href={`#/automations/${a().id}/report`} data-testid="auto-open-report">
              {t('auto.report.open')}
            </a>
          )}
        </Show>
      </AutoHeader>
      <main class="tpl-main" id="main">
        <Show when={!props.id || saved() || existing.error} fallback={<p class="pad muted">{t('app.loading')}</p>}>
          <Show when={!existing.error} fallback={<p class="pad notice notice-warn">{t('auto.notFound')}</p>}>
            <EditorContext.Provider value={ctx}>
              <NameSuggestions />
              <div class="cmp-page auto-editor" data-testid="auto-editor" data-state={saved()?.state ?? 'new'}>
                <Show when={saved()}>
                  {(a) => (
                    <div class="auto-status">
                      <StateBadge state={a().state} />
                      <span class="small muted" data-testid="auto-version">
                        {t('auto.version', { version: a().version })} · {t('auto.running', a().running)}
                      </span>
                    </div>
                  )}
                </Show>
                <Show when={saved()?.paused_reason}>
                  <p class="notice notice-warn" data-testid="auto-paused-reason">
                    {t('auto.pausedReason', { reason: saved()?.paused_reason ?? '' })}
                  </p>
                </Show>
                <Show when={(saved()?.running ?? 0) > 0}>
                  <p class="notice" data-testid="auto-running-notice">
                    {t('auto.runningNotice', saved()?.running ?? 0)}
                  </p>
                </Show>
                <div class="auto-split">
                  <div class="auto-build">
                    <label class="field auto-name">
                      <span>{t('auto.name')}</span>
                      <input
                        id="auto-name"
                        value={draft.name}
                        maxLength={200}
                        onInput={(e) => setDraft('name', e.currentTarget.value)}
                        data-testid="auto-name"
                      />
                    </label>
                    <TriggerCard />
                    <section class="auto-flow-section" aria-labelledby="auto-flow-title" data-testid="auto-flow">
                      <h2 id="auto-flow-title">{t('auto.flow.title')}</h2>
                      <Show when={!draft.steps.length}>
                        <p class="muted small">{t('auto.flow.empty')}</p>
                      </Show>
                      <FlowLane lanePath="" steps={draft.steps} />
                    </section>
                    <EditorOptions />
                  </div>
                  <aside class="auto-side" aria-label={t('auto.side')}>
                    <IssuesPanel issues={shown()} tried={tried()} />
                    <SimulatePanel dirty={dirty() || !saved()} ready={async () => (await persistIfDirty())?.id} />
                  </aside>
                </div>
                <div class="auto-foot">
                  <Show when={dirty()}>
                    <span class="small muted" data-testid="auto-unsaved">
                      {t('auto.unsaved')}
                    </span>
                  </Show>
                  <span class="cmp-spacer" />
                  <button
                    type="button"
                    class="btn"
                    disabled={busy()}
                    onClick={() => void persist()}
                    data-testid="auto-save"
                  >
                    {t('auto.save')}
                  </button>
                  <Show
                    when={saved()?.active}
                    fallback={
                      <button
                        type="button"
                        class="btn btn-primary"
                        disabled={busy()}
                        onClick={() => void act('activate')}
                        data-testid="auto-activate"
                      >
                        {dirty() ? t('auto.saveAndActivate') : t('auto.activate')}
                      </button>
                    }
                  >
                    <button
                      type="button"
                      class="btn"
                      disabled={busy()}
                      onClick={() => void act('pause')}
                      data-testid="auto-pause"
                    >
                      {t('auto.pause')}
                    </button>
                  </Show>
                </div>
              </div>
            </EditorContext.Provider>
          </Show>
        </Show>
      </main>
      <Show when={asking()} keyed>
        {(q) => (
          <Confirm
            text={q.text}
            action={q.action}
            danger
            onClose={() => setAsking(null)}
            onConfirm={async () => q.go()}
          />
        )}
      </Show>
    </>
  );

  async function persistIfDirty(): Promise<Automation | undefined> {
    return dirty() || !saved() ? persist() : (saved() ?? undefined);
  }
}
