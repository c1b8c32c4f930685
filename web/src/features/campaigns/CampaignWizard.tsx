/**
 * The campaign wizard: audience → content → schedule → review, for a new campaign or to edit a draft or a
 * scheduled one. Tablet first (the preview sits beside the form from 900 px), one column on a phone. The form
 * lives in one store; every change of audience or content asks the server for a fresh preview (counts,
 * exclusions by reason, samples, estimate) — the server's numbers, never the browser's guesses.
 */
import { useStore } from '@nanostores/solid';
import { createEffect, createMemo, createResource, createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { toast } from '../../ui/toast.ts';
import { errorText } from '../chat/errors.ts';
import { groupTemplates } from '../composer/template-groups.ts';
import { $templates, loadTemplates } from '../composer/templates.store.ts';
import { loadStatus } from '../calendar/hours.api.ts';
import { $defaultNumber, $numbers } from '../numbers/numbers.store.ts';
import { tx } from '../templates/tx.ts';
import { emptyForm, fromCampaign, STEPS, type Step, stepIssues, toBody, type WizardForm } from './campaign-form.ts';
import { campaignsApi } from './campaigns.api.ts';
import type { Campaign } from './campaigns.types.ts';
import { CmpHeader } from './CampaignsPage.tsx';
import { Confirm } from './cmp-ui.tsx';
import { createPreview } from './use-preview.ts';
import { WizardAudience } from './WizardAudience.tsx';
import { WizardContent, templateInfo } from './WizardContent.tsx';
import { WizardReview } from './WizardReview.tsx';
import { WizardSchedule } from './WizardSchedule.tsx';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export default function CampaignWizard(props: { id?: string | undefined }) {
  const [form, setForm] = createStore<WizardForm>(emptyForm());
  const [step, setStep] = createSignal<Step>('audience');
  const [tried, setTried] = createSignal(false);
  const [saved, setSaved] = createSignal<Campaign | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  const numbers = useStore($numbers);
  const templates = useStore($templates);
  void loadTemplates();

  const [zone] = createResource(() =>
    loadStatus()
      .then((s) => s.timezone || browserZone())
      .catch(browserZone),
  );
  const timezone = () => zone() ?? browserZone();

  // editing: the saved campaign fills the form once the business zone is known (its times are wall-clock there)
  const [existing] = createResource(
    () => (props.id && zone() ? props.id : undefined),
    (id) => campaignsApi.get(id),
  );
  let filled = false;
  const fill = () => {
    const c = existing();
    if (!c || filled) return;
    filled = true;
    setSaved(c);
    setForm(reconcile(fromCampaign(c, timezone())));
  };
  createEffect(fill);
  onMount(() => {
    if (!props.id) setForm('number', $defaultNumber.get()?.id ?? '');
  });

  const groups = createMemo(() => groupTemplates(templates()));
  const info = createMemo(() => templateInfo(groups(), form));
  const body = () => toBody(form, info().paramKeys, timezone());
  const preview = createPreview(() => body());
  const issues = (s: Step) =>
    stepIssues(s, form, {
      paramKeys: form.kind === 'template' ? info().paramKeys : [],
      headerMedia: form.kind === 'template' && !!info().headerMedia,
      now: Date.now(),
      timezone: timezone(),
    });
  const index = () => STEPS.indexOf(step());
  const firstBlocked = () => STEPS.findIndex((s) => issues(s).length > 0);

  const go = (to: Step) => {
    // moving back is always allowed; forward only over complete steps
    const blocked = firstBlocked();
    if (STEPS.indexOf(to) > index() && blocked !== -1 && blocked < STEPS.indexOf(to)) {
      setTried(true);
      setStep(STEPS[blocked]!);
      return;
    }
    setTried(false);
    setStep(to);
    document.getElementById('main')?.scrollTo({ top: 0 });
  };

  /** Create or update the campaign (as a draft when there is no schedule); the saved record after. */
  const save = async (withSchedule: boolean): Promise<Campaign> => {
    const b = body();
    if (!withSchedule) delete b.schedule;
    if (!b.name) b.name = form.name.trim() || t('cmp.newTitle');
    const current = saved();
    // a patch says what is gone too: no schedule = back to a draft, and only one kind of content
    const c = current
      ? await campaignsApi.patch(current.id, {
          ...b,
          schedule: b.schedule ?? null,
          template: b.template ?? null,
          text: b.text ?? null,
        })
      : await campaignsApi.create({ ...b, name: b.name });
    setSaved(c);
    if (!current) history.replaceState(history.state, '', `#/campaigns/${c.id}/edit`);
    return c;
  };

  const saveDraft = async () => {
    setBusy(true);
    try {
      await save(false);
      toast(t('cmp.draftSaved'));
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const launch = async () => {
    const c = await save(form.schedule.mode !== 'now');
    const started = form.schedule.mode === 'now' ? await campaignsApi.act(c.id, 'start') : c;
    toast(form.schedule.mode === 'now' ? t('cmp.started') : t('cmp.scheduled'));
    navigate(`/campaigns/${started.id}`, { replace: true });
  };

  const submit = () => {
    setTried(true);
    const blocked = firstBlocked();
    if (blocked !== -1) {
      setStep(STEPS[blocked]!);
      return;
    }
    setConfirming(true);
  };

  return (
    <>
      <CmpHeader title={props.id ? t('cmp.editTitle') : t('cmp.newTitle')} back="#/campaigns" />
      <main class="tpl-main" id="main">
        <Show when={!props.id || existing() || existing.error} fallback={<p class="pad muted">{t('app.loading')}</p>}>
          <Show when={!existing.error} fallback={<p class="pad notice notice-warn">{t('cmp.notFound')}</p>}>
            <div class="cmp-page cmp-wizard" data-testid="cmp-wizard" data-step={step()}>
              <nav aria-label={t('cmp.title')} class="cmp-steps">
                <ol>
                  <For each={STEPS}>
                    {(s, i) => (
                      <li>
                        <button
                          type="button"
                          class="cmp-step"
                          aria-current={step() === s ? 'step' : undefined}
                          data-done={i() < index()}
                          data-testid={`cmp-step-${s}`}
                          onClick={() => go(s)}
                        >
                          <span class="cmp-step-n" aria-hidden="true">
                            {i() + 1}
                          </span>
                          <span>{tx(`cmp.steps.${s}`)}</span>
                        </button>
                      </li>
                    )}
                  </For>
                </ol>
              </nav>
              <h2 class="cmp-step-title">
                <span class="sr-only">{t('cmp.stepOf', { n: index() + 1, total: STEPS.length })}: </span>
                {tx(`cmp.steps.${step()}`)}
              </h2>
              <Show when={tried() && issues(step()).length}>
                <ul class="notice notice-warn cmp-issues" role="alert" data-testid="cmp-issues">
                  <For each={issues(step())}>{(k) => <li>{tx(`cmp.errors.${k}`)}</li>}</For>
                </ul>
              </Show>
              <Switch>
                <Match when={step() === 'audience'}>
                  <WizardAudience form={form} setForm={setForm} numbers={numbers()} preview={preview} />
                </Match>
                <Match when={step() === 'content'}>
                  <WizardContent
                    form={form}
                    setForm={setForm}
                    groups={groups()}
                    info={info()}
                    preview={preview}
                    save={() => save(false)}
                  />
                </Match>
                <Match when={step() === 'schedule'}>
                  <WizardSchedule form={form} setForm={setForm} timezone={timezone()} />
                </Match>
                <Match when={step() === 'review'}>
                  <WizardReview form={form} setForm={setForm} info={info()} preview={preview} timezone={timezone()} />
                </Match>
              </Switch>
              <div class="cmp-wizard-foot">
                <Show when={index() > 0}>
                  <button type="button" class="btn" onClick={() => go(STEPS[index() - 1]!)} data-testid="cmp-prev">
                    {t('cmp.previous')}
                  </button>
                </Show>
                <button
                  type="button"
                  class="btn ghost"
                  disabled={busy()}
                  onClick={() => void saveDraft()}
                  data-testid="cmp-save-draft"
                >
                  {t('cmp.saveDraft')}
                </button>
                <span class="cmp-spacer" />
                <Show
                  when={step() === 'review'}
                  fallback={
                    <button
                      type="button"
                      class="btn btn-primary"
                      onClick={() => go(STEPS[index() + 1]!)}
                      data-testid="cmp-next"
                    >
                      {t('cmp.next')}
                    </button>
                  }
                >
                  <button
                    type="button"
                    class="btn btn-primary"
                    disabled={busy()}
                    onClick={submit}
                    data-testid="cmp-launch"
                  >
                    {form.schedule.mode === 'now' ? t('cmp.sendNow') : t('cmp.schedule')}
                  </button>
                </Show>
              </div>
            </div>
          </Show>
        </Show>
      </main>
      <Show when={confirming()}>
        <Confirm
          text={
            form.schedule.mode === 'now'
              ? t(
                  'cmp.confirmSend',
                  Math.max(0, (preview.data()?.audience ?? 0) - excludedCount(preview.data()?.excluded)),
                )
              : t('cmp.confirmSchedule')
          }
          action={form.schedule.mode === 'now' ? t('cmp.sendNow') : t('cmp.schedule')}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            try {
              await launch();
            } catch (err) {
              toast(errorText(err), 'error');
            }
          }}
        />
      </Show>
    </>
  );
}

const excludedCount = (x: Record<string, number | undefined> | undefined) =>
  Object.values(x ?? {}).reduce<number>((a, n) => a + (n ?? 0), 0);
