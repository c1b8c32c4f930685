/**
 * Editing the flow of steps: insert, remove and move a step in a lane, change what a step does, and the lanes
 * each kind of step holds. Paths are the server's (automation-rules.ts): "0" is the first step, "1.replied.0"
 * the first step after a reply to step 1's wait. A lane path names a lane: '' is the main flow, "1.replied"
 * the replied lane of step 1. The functions change the arrays they are given (the builder calls them inside a
 * Solid `produce`, so cards that did not move keep their DOM and focus). Pure: step-tree.test.ts.
 */
import { laneOf, stepAt } from '../../../../api/src/modules/automations/automation-rules.ts';
import type { ActionType, Lane, Step } from './automations.types.ts';

/** The lanes a kind of step may hold, in the order they are drawn. */
export function lanesFor(type: ActionType): Lane[] {
  if (type === 'wait_for_reply') return ['replied', 'not_replied'];
  if (type === 'branch') return ['then', 'else'];
  // the server runs a "window closed" lane for free text only (a template reaches a closed window itself)
  if (type === 'send_text') return ['window_closed'];
  return [];
}

/** A new step's action: the fields it needs, empty (validation names what is missing). */
export function defaultAction(type: ActionType): Step['action'] {
  switch (type) {
    case 'send_template':
      return { type, template: { name: '' } };
    case 'send_text':
      return { type, text: '' };
    case 'add_tag':
    case 'remove_tag':
      return { type, tag: '' };
    case 'add_to_list':
    case 'remove_from_list':
      return { type, list: '' };
    case 'assign':
      return { type };
    case 'set_field':
      return { type, field: '', value: '' };
    case 'webhook':
      return { type, url: '' };
    // lanes are made when their first step is added
    case 'wait_for_reply':
      return { type, timeout: { hours: 24 } };
    case 'branch':
      return { type, if: { type: 'tag', tag: '' } };
    default:
      return { type };
  }
}

export const newStep = (type: ActionType): Step => ({ action: defaultAction(type) });

/** "1.replied.0" → the lane "1.replied" and the index 0; "2" → '' and 2. */
export function splitPath(path: string): { lane: string; index: number } {
  const i = path.lastIndexOf('.');
  return i < 0 ? { lane: '', index: Number(path) } : { lane: path.slice(0, i), index: Number(path.slice(i + 1)) };
}

export const joinPath = (lane: string, index: number) => (lane ? `${lane}.${index}` : String(index));

/** The array of a lane; with `create`, an absent lane of an existing step is made (empty). */
export function laneArray(steps: Step[], lanePath: string, create = false): Step[] | undefined {
  if (!lanePath) return steps;
  const i = lanePath.lastIndexOf('.');
  const owner = stepAt(steps, lanePath.slice(0, i));
  const lane = lanePath.slice(i + 1) as Lane;
  if (!owner) return undefined;
  const found = laneOf(owner, lane);
  if (found || !create) return found;
  const made: Step[] = [];
  if (lane === 'window_closed') owner.window_closed = made;
  else (owner.action as Record<string, unknown>)[lane] = made;
  return made;
}

/** Put `step` at `index` of a lane (the end when index is past it); its path. */
export function insertStep(steps: Step[], lanePath: string, index: number, step: Step): string {
  const lane = laneArray(steps, lanePath, true);
  if (!lane) throw new Error(`no lane at ${lanePath}`);
  const at = Math.max(0, Math.min(index, lane.length));
  lane.splice(at, 0, step);
  return joinPath(lanePath, at);
}

/** Take the step at `path` out (with its lanes); the removed step. */
export function removeStep(steps: Step[], path: string): Step | undefined {
  const { lane, index } = splitPath(path);
  const arr = laneArray(steps, lane);
  if (!arr || index < 0 || index >= arr.length) return undefined;
  return arr.splice(index, 1)[0];
}

/** Swap a step with its neighbour in the same lane; its new path (undefined when it cannot move). */
export function moveStep(steps: Step[], path: string, by: -1 | 1): string | undefined {
  const { lane, index } = splitPath(path);
  const arr = laneArray(steps, lane);
  const to = index + by;
  if (!arr || index < 0 || index >= arr.length || to < 0 || to >= arr.length) return undefined;
  [arr[index], arr[to]] = [arr[to]!, arr[index]!];
  return joinPath(lane, to);
}

/** Make a step do something else: a fresh action; its delay and condition stay, lanes the new kind cannot hold go. */
export function changeAction(step: Step, type: ActionType): void {
  if (step.action.type === type) return;
  step.action = defaultAction(type);
  if (!lanesFor(type).includes('window_closed')) delete step.window_closed;
}

/** How many steps a lane holds, lanes inside it included (the "remove 4 steps?" question). */
export function countSteps(steps: readonly Step[] | undefined): number {
  let n = 0;
  for (const s of steps ?? []) {
    n += 1;
    for (const lane of lanesFor(s.action.type as ActionType)) n += countSteps(laneOf(s, lane));
  }
  return n;
}

/**
 * A server validation path ("steps.1.action.replied.0.action.text") as the step it is about ("1.replied.0");
 * undefined when it is not about a step (name, trigger).
 */
export function stepOfIssuePath(p: string): string | undefined {
  const parts = p.split('.');
  if (parts[0] !== 'steps' || !/^\d+$/.test(parts[1] ?? '')) return undefined;
  const out = [parts[1]!];
  for (let i = 2; i < parts.length; i++) {
    const a = parts[i]!;
    const lane = a === 'action' ? parts[i + 1] : a;
    const skip = a === 'action' ? 1 : 0;
    if (
      (lane === 'then' ||
        lane === 'else' ||
        lane === 'replied' ||
        lane === 'not_replied' ||
        lane === 'window_closed') &&
      /^\d+$/.test(parts[i + 1 + skip] ?? '')
    ) {
      out.push(lane, parts[i + 1 + skip]!);
      i += 1 + skip;
    }
  }
  return out.join('.');
}

/** The dictionary key of a lane's name (`then` / `else` are no keys for an object: it would look like a promise). */
export const laneKey = (lane: Lane) => (lane === 'then' ? 'yes' : lane === 'else' ? 'no' : lane);

/** A path as people count: "1.replied.0" → [2, 'replied', 1] (the builder shows "2 › Replied › 1"). */
export function displayParts(path: string): Array<number | Lane> {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) + 1 : (p as Lane)));
}
