/**
 * The flow: a lane of step cards, each with "When?", an optional condition and its action; the lanes a step holds
 * (replied / not replied, yes / no, window closed) are drawn indented under it, each with its own "add step".
 */
import { For, Show } from 'solid-js';
import { laneOf } from '../../../../api/src/modules/automations/automation-rules.ts';
import { t } from '../../i18n/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { tx } from '../templates/tx.ts';
import { delayParts } from './automation-form.ts';
import { ACTION_TYPES, type ActionType, type Lane, type Step } from './automations.types.ts';
import { actionLabel, stepLabel } from './auto-ui.tsx';
import { ActionFields } from './ActionFields.tsx';
import { ConditionFields, defaultCondition } from './ConditionFields.tsx';
import { focusStep, stepDomId, useEditor } from './editor-context.ts';
import { DelayInputs } from './pickers.tsx';
import {
  changeAction,
  countSteps,
  insertStep,
  joinPath,
  laneArray,
  laneKey,
  lanesFor,
  moveStep,
  newStep,
  removeStep,
  splitPath,
} from './step-tree.ts';

/** A lane of steps with its "add step" button at the end. */
export function FlowLane(props: { lanePath: string; steps: Step[]; label?: string }) {
  const ed = useEditor();
  const add = () => {
    let path = '';
    ed.editSteps((steps) => {
      path = insertStep(steps, props.lanePath, props.steps.length, newStep('send_text'));
    });
    focusStep(path);
  };
  return (
    <>
      <ol class="auto-flow" data-testid="auto-lane" data-lane={props.lanePath || 'main'}>
        <For each={props.steps}>{(s, i) => <StepCard path={joinPath(props.lanePath, i())} step={s} />}</For>
      </ol>
      <button
        type="button"
        class="btn small auto-add"
        onClick={add}
        aria-label={props.label ? t('auto.flow.addStepTo', { lane: props.label }) : undefined}
        data-testid="auto-add-step"
      >
        <Icon name="plus" size={18} />
        {t('auto.flow.addStep')}
      </button>
    </>
  );
}

function WhenFields(props: { path: string; step: Step }) {
  const ed = useEditor();
  const later = () => props.step.after !== undefined;
  return (
    <fieldset class="auto-when" data-testid="auto-when">
      <legend>{t('auto.step.when')}</legend>
      <div class="auto-inline">
        <label class="field">
          <span class="sr-only">{t('auto.step.when')}</span>
          <select
            value={later() ? 'after' : 'now'}
            onChange={(e) => {
              const v = e.currentTarget.value;
              ed.edit(props.path, (s) => {
                if (v === 'after') s.after = { minutes: 5 };
                else delete s.after;
              });
            }}
            data-testid="auto-when-mode"
          >
            <option value="now">{t('auto.step.now')}</option>
            <option value="after">{t('auto.step.after')}</option>
          </select>
        </label>
        <Show when={later()}>
          <DelayInputs
            value={props.step.after}
            onChange={(d) => ed.edit(props.path, (s) => void (s.after = d))}
            testid="auto-delay"
          />
        </Show>
      </div>
      <Show when={later() && delayParts(props.step.after).amount > 0}>
        <small class="muted">{t('auto.step.fromPrevious')}</small>
      </Show>
    </fieldset>
  );
}

function LaneSection(props: { path: string; step: Step; lane: Lane }) {
  const ed = useEditor();
  const lanePath = () => `${props.path}.${props.lane}`;
  const id = () => `${stepDomId(props.path)}-${props.lane}`;
  const steps = () => laneOf(props.step, props.lane) ?? [];
  return (
    <section class="auto-lane" data-lane={props.lane} data-testid={`auto-lane-${props.lane}`} aria-labelledby={id()}>
      <div class="auto-lane-head">
        <h4 id={id()}>{tx(`auto.lanes.${laneKey(props.lane)}`)}</h4>
        <Show when={props.lane === 'window_closed'}>
          <button
            type="button"
            class="btn small ghost"
            onClick={() =>
              ed.confirm(t('auto.step.removeLaneConfirm', countSteps(steps())), () =>
                ed.edit(props.path, (s) => void delete s.window_closed),
              )
            }
            data-testid="auto-remove-closed-lane"
          >
            {t('auto.step.removeLane')}
          </button>
        </Show>
      </div>
      <p class="small muted">{tx(`auto.laneHints.${laneKey(props.lane)}`)}</p>
      <FlowLane lanePath={lanePath()} steps={steps()} label={tx(`auto.lanes.${laneKey(props.lane)}`)} />
    </section>
  );
}

export function StepCard(props: { path: string; step: Step }) {
  const ed = useEditor();
  const type = () => props.step.action.type as ActionType;
  const label = () => stepLabel(props.path);
  const headId = () => `${stepDomId(props.path)}-title`;
  const lanes = () => lanesFor(type()).filter((l) => l !== 'window_closed' || props.step.window_closed !== undefined);
  const inLanes = () => lanesFor(type()).reduce((n, l) => n + countSteps(laneOf(props.step, l)), 0);
  const pos = () => {
    const { lane, index } = splitPath(props.path);
    return { first: index === 0, last: index >= (laneArray(ed.draft.steps, lane)?.length ?? 1) - 1 };
  };

  // the ends keep their buttons focusable (aria-disabled): a keyboard user moving a step keeps the focus on it
  const move = (by: -1 | 1) => {
    if (by < 0 ? pos().first : pos().last) return;
    let to: string | undefined;
    ed.editSteps((steps) => {
      to = moveStep(steps, props.path, by);
    });
    if (to) focusStep(to, `[data-move="${by < 0 ? 'up' : 'down'}"]`);
  };
  const remove = () => {
    const go = () => {
      const { lane, index } = splitPath(props.path);
      ed.editSteps((steps) => void removeStep(steps, props.path));
      if (index > 0) focusStep(joinPath(lane, index - 1), '[data-focus="title"]');
    };
    const n = countSteps([props.step]);
    if (n > 1) ed.confirm(t('auto.step.removeConfirm', n), go);
    else go();
  };
  const setType = (v: ActionType) => {
    const go = () => ed.edit(props.path, (s) => changeAction(s, v));
    if (inLanes() > 0 && !lanesFor(v).some((l) => l !== 'window_closed' && lanesFor(type()).includes(l)))
      ed.confirm(t('auto.step.changeConfirm', inLanes()), go);
    else go();
  };

  return (
    <li
      class="card auto-step"
      id={stepDomId(props.path)}
      data-testid="auto-step"
      data-path={props.path}
      data-action={type()}
      aria-labelledby={headId()}
    >
      <div class="auto-step-head">
        <h3 id={headId()} class="auto-step-title" tabindex="-1" data-focus="title">
          <span class="auto-step-n">{label()}</span> {actionLabel(type())}
        </h3>
        <div class="auto-step-tools">
          <button
            type="button"
            class="icon-btn small"
            data-move="up"
            aria-disabled={pos().first}
            aria-label={t('auto.step.moveUp', { step: label() })}
            onClick={() => move(-1)}
          >
            <Icon name="chevron" class="auto-up" />
          </button>
          <button
            type="button"
            class="icon-btn small"
            data-move="down"
            aria-disabled={pos().last}
            aria-label={t('auto.step.moveDown', { step: label() })}
            onClick={() => move(1)}
          >
            <Icon name="chevron" class="auto-down" />
          </button>
          <button
            type="button"
            class="icon-btn small danger"
            aria-label={t('auto.step.remove', { step: label() })}
            onClick={remove}
            data-testid="auto-remove-step"
          >
            <Icon name="trash" size={20} />
          </button>
        </div>
      </div>
      <div class="auto-step-main">
        <label class="field">
          <span>{t('auto.step.action')}</span>
          <select
            value={type()}
            onChange={(e) => setType(e.currentTarget.value as ActionType)}
            data-focus="action"
            data-testid="auto-action"
          >
            <For each={ACTION_TYPES}>{(x) => <option value={x}>{actionLabel(x)}</option>}</For>
          </select>
        </label>
        <WhenFields path={props.path} step={props.step} />
      </div>
      <div class="auto-step-flags">
        <label class="check">
          <input
            type="checkbox"
            checked={!!props.step.business_hours}
            onChange={(e) => ed.edit(props.path, (s) => void (s.business_hours = e.currentTarget.checked || undefined))}
            data-testid="auto-business-hours"
          />
          <span>{t('auto.step.businessHours')}</span>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={!!props.step.if}
            onChange={(e) =>
              ed.edit(props.path, (s) => {
                if (e.currentTarget.checked) s.if = defaultCondition('tag');
                else delete s.if;
              })
            }
            data-testid="auto-only-if"
          />
          <span>{t('auto.step.onlyIf')}</span>
        </label>
      </div>
      <Show when={props.step.if}>
        {(c) => (
          <ConditionFields value={c()} onChange={(x) => ed.edit(props.path, (s) => void (s.if = x))} testid="auto-if" />
        )}
      </Show>
      <ActionFields path={props.path} step={props.step} />
      <Show when={ed.issuesAt(props.path).length}>
        <ul class="auto-step-issues field-error" data-testid="auto-step-issues">
          <For each={ed.issuesAt(props.path)}>{(m) => <li>{m}</li>}</For>
        </ul>
      </Show>
      <Show when={lanesFor(type()).includes('window_closed') && props.step.window_closed === undefined}>
        <button
          type="button"
          class="btn small ghost auto-closed-lane"
          onClick={() => ed.edit(props.path, (s) => void (s.window_closed = []))}
          data-testid="auto-add-closed-lane"
        >
          {t('auto.step.addClosedLane')}
        </button>
      </Show>
      <For each={lanes()}>{(lane) => <LaneSection path={props.path} step={props.step} lane={lane} />}</For>
    </li>
  );
}
