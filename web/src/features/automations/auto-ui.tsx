/** Small pieces the automations screens share: the top bar, the state badge, how a trigger and a step path read. */
import { type JSX, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { $fieldsByKey, $listsById, $tagsById } from '../contacts/taxonomy.ts';
import { tx } from '../templates/tx.ts';
import { triggerKind } from './automation-form.ts';
import type { AutomationState, Trigger } from './automations.types.ts';
import { displayParts, laneKey } from './step-tree.ts';

/** The screen's top bar: the one h1, a way back, and the screen's own buttons. */
export function AutoHeader(props: {
  title: string;
  back?: string;
  /** may stop the way back (unsaved changes) with preventDefault */
  onBack?: (e: MouseEvent) => void;
  children?: JSX.Element;
}) {
  return (
    <header class="topbar cmp-topbar auto-topbar">
      <Show when={props.back}>
        <a
          class="icon-btn"
          href={props.back}
          aria-label={t('auto.back')}
          onClick={(e) => props.onBack?.(e)}
          data-testid="auto-back"
        >
          <Icon name="back" />
        </a>
      </Show>
      <h1 class="topbar-title" data-testid="auto-title">
        {props.title}
      </h1>
      {props.children}
    </header>
  );
}

export function StateBadge(props: { state: AutomationState }) {
  return (
    <span class="cmp-state auto-state" data-state={props.state} data-testid="auto-state">
      {tx(`auto.states.${props.state}`) || props.state}
    </span>
  );
}

/** A tag or list as people know it: its name when the value is an id we have, else the value (a new name). */
export const tagName = (v: string) => $tagsById.get().get(v)?.name ?? v;
export const listName = (v: string) => $listsById.get().get(v)?.name ?? v;
export const fieldName = (k: string) => $fieldsByKey.get().get(k)?.label || k;

/** One line saying what starts an automation ("Writes exactly “PROMO”"). */
export function triggerText(tr: Trigger): string {
  const kind = triggerKind(tr);
  const params: Record<string, string> = {};
  if (tr.type === 'message' || tr.type === 'button') params.text = tr.text;
  if (tr.type === 'tag_added') params.name = tagName(tr.tag);
  if (tr.type === 'list_added') params.name = listName(tr.list);
  if (tr.type === 'date') params.field = fieldName(tr.field);
  return tx(`auto.summary.${kind}`, params);
}

/** "2 › Replied › 1" for the path "1.replied.0". */
export function stepLabel(path: string): string {
  return displayParts(path)
    .map((p) => (typeof p === 'number' ? String(p) : tx(`auto.lanes.${laneKey(p)}`) || p))
    .join(' › ');
}

export const actionLabel = (type: string) => tx(`auto.actions.${type}`) || type;
