/** What every card of the builder reaches without passing it down the lanes: the draft and how to change it. */
import { createContext, useContext } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { TemplateGroup } from '../composer/template-groups.ts';
import type { Draft } from './automation-form.ts';
import type { Step } from './automations.types.ts';

export interface EditorCtx {
  draft: Draft;
  setDraft: SetStoreFunction<Draft>;
  /** replace the trigger (a store merge would keep the old kind's fields) */
  setTrigger: (t: Draft['trigger']) => void;
  /** change the step at a path (inside `produce`: other cards keep their DOM and focus) */
  edit: (path: string, fn: (s: Step) => void) => void;
  /** change the tree itself (insert, remove, move) */
  editSteps: (fn: (steps: Step[]) => void) => void;
  /** messages about a step ('trigger', 'name' too): the builder's own once activation was tried, and the server's */
  issuesAt: (at: string) => string[];
  groups: () => TemplateGroup[];
  /** the business time zone (business hours' own, else the browser's): where a new date trigger reads its dates */
  businessZone: () => string;
  /** free text may meet a closed 24 h window (the trigger is not the customer writing) */
  windowMayBeClosed: () => boolean;
  /** ask before something that removes steps; runs `go` when confirmed */
  confirm: (text: string, go: () => void) => void;
}

export const EditorContext = createContext<EditorCtx>();

export function useEditor(): EditorCtx {
  const ctx = useContext(EditorContext);
  if (!ctx) throw new Error('useEditor outside the automation builder');
  return ctx;
}

/** The DOM id of a step's card (paths hold dots: fine in an id, found with getElementById). */
export const stepDomId = (path: string) => `auto-step-${path}`;

/** Focus a control of a step once the DOM has caught up with an insert or a move. */
export function focusStep(path: string, selector = '[data-focus="action"]'): void {
  queueMicrotask(() =>
    requestAnimationFrame(() =>
      document.getElementById(stepDomId(path))?.querySelector<HTMLElement>(selector)?.focus(),
    ),
  );
}
