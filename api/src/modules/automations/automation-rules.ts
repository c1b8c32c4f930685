/**
 * The pure rules of automations: how a message matches a trigger, where a step is in the flow and which
 * step comes next, how long a delay is, whether a condition holds. No store, no clock — table-tested.
 *
 * A step's path is its address in the definition: "0" is the first step, "2.then.1" the second step of
 * the "then" lane of step 2 (a branch), "3.replied.0" the first step after a reply to step 3's wait,
 * "1.window_closed.0" the first step run instead of step 1's send when the window is closed.
 */
import type { ConditionT, StepT, TriggerT } from './automation.schema.ts';

export const LANES = ['then', 'else', 'replied', 'not_replied', 'window_closed'] as const;
export type Lane = (typeof LANES)[number];

/** case-, accent- and space-insensitive: "  Info  PREZZÌ " = "info prezzi" */
export function normalize(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The phrase an active exact trigger reserves ('' for other triggers). */
export function phraseOf(t: TriggerT): string {
  return t.type === 'message' && t.match === 'exact' ? normalize(t.text) : '';
}

/** What an inbound message offers to triggers. */
export interface MessageFacts {
  /** the text the customer typed (or a caption) */
  text: string;
  /** a tapped button: its payload/id and its title */
  button?: { payload: string; title: string };
}

export interface Candidate {
  id: string;
  trigger: TriggerT;
}

const RANK = { exact: 0, button: 1, contains: 2 } as const;

/**
 * The automation a customer's message starts, one at most: an exact phrase first, then a tapped button,
 * then a keyword (the longest keyword wins a tie; then the oldest automation, by the order given).
 */
export function matchMessage<C extends Candidate>(candidates: C[], m: MessageFacts): C | undefined {
  const text = normalize(m.text);
  const taps = m.button ? [normalize(m.button.payload), normalize(m.button.title)].filter(Boolean) : [];
  let best: { c: C; rank: number; len: number } | undefined;
  for (const c of candidates) {
    const t = c.trigger;
    let rank: number | undefined;
    let len = 0;
    if (t.type === 'message' && t.match === 'exact') {
      const p = normalize(t.text);
      if (p && (p === text || taps.includes(p))) rank = RANK.exact;
    } else if (t.type === 'button') {
      if (taps.includes(normalize(t.text))) rank = RANK.button;
    } else if (t.type === 'message' && t.match === 'contains') {
      const k = normalize(t.text);
      if (k && containsWord(text, k)) {
        rank = RANK.contains;
        len = k.length;
      }
    }
    if (rank === undefined) continue;
    if (!best || rank < best.rank || (rank === best.rank && len > best.len)) best = { c, rank, len };
  }
  return best?.c;
}

/** a keyword found as whole words ("info" in "vorrei info", not in "informazioni") */
function containsWord(text: string, keyword: string): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(keyword, from);
    if (i < 0) return false;
    const before = i === 0 ? '' : text[i - 1]!;
    const after = text[i + keyword.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    from = i + 1;
  }
}

// ---- paths ---------------------------------------------------------------------------------------------

function parse(path: string): Array<number | Lane> {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : (p as Lane)));
}

/** The step at a path, or undefined when the definition has none there. */
export function stepAt(steps: StepT[], path: string): StepT | undefined {
  const parts = parse(path);
  let lane: StepT[] | undefined = steps;
  let step: StepT | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (typeof p === 'number') {
      step = lane?.[p];
      if (!step) return undefined;
    } else {
      if (!step) return undefined;
      lane = laneOf(step, p);
      step = undefined;
    }
  }
  return step;
}

export function laneOf(step: StepT, lane: Lane): StepT[] | undefined {
  const a = step.action as Record<string, unknown>;
  if (lane === 'window_closed') return step.window_closed;
  return a[lane] as StepT[] | undefined;
}

/** The first step of a lane of the step at `path` ("3" + replied → "3.replied.0"), else what follows `path`. */
export function enterLane(steps: StepT[], path: string, lane: Lane): string | undefined {
  const s = stepAt(steps, path);
  const l = s ? laneOf(s, lane) : undefined;
  if (l?.length) return `${path}.${lane}.0`;
  return nextPath(steps, path);
}

/**
 * The step after the one at `path`: the next in its lane; at a lane's end, the step after the one that
 * holds the lane (a branch's lanes join back into the flow); undefined at the end of the flow.
 */
export function nextPath(steps: StepT[], path: string): string | undefined {
  const parts = path.split('.');
  for (;;) {
    const last = Number(parts[parts.length - 1]);
    const sibling = [...parts.slice(0, -1), String(last + 1)].join('.');
    if (stepAt(steps, sibling)) return sibling;
    if (parts.length < 3) return undefined;
    parts.splice(-2, 2); // leave the lane: continue after the step that holds it
  }
}

/** Every step with its path, in reading order (the report's rows, validation). */
export function walk(steps: StepT[], prefix = ''): Array<{ path: string; step: StepT }> {
  const out: Array<{ path: string; step: StepT }> = [];
  steps.forEach((step, i) => {
    const path = prefix ? `${prefix}.${i}` : String(i);
    out.push({ path, step });
    for (const lane of LANES) {
      const l = laneOf(step, lane);
      if (l?.length) out.push(...walk(l, `${path}.${lane}`));
    }
  });
  return out;
}

// ---- time ----------------------------------------------------------------------------------------------

export function delayMs(d: { seconds?: number; minutes?: number; hours?: number; days?: number } | undefined): number {
  if (!d) return 0;
  return (d.seconds ?? 0) * 1000 + (d.minutes ?? 0) * 60_000 + (d.hours ?? 0) * 3_600_000 + (d.days ?? 0) * 86_400_000;
}

// ---- conditions ----------------------------------------------------------------------------------------

export interface ContactFacts {
  tags: string[];
  lists: string[];
  language: string;
  fields: Record<string, unknown>;
  /** the button that started the run or answered its last wait: payload and title */
  button?: { payload: string; title: string };
}

/** `tag` / `list` conditions hold ids (names are resolved when the automation is saved). */
export function holds(c: ConditionT, f: ContactFacts): boolean {
  switch (c.type) {
    case 'tag':
      return f.tags.includes(c.tag) !== !!c.not;
    case 'list':
      return f.lists.includes(c.list) !== !!c.not;
    case 'language': {
      const a = f.language.toLowerCase().split(/[-_]/)[0];
      const b = c.language.toLowerCase().split(/[-_]/)[0];
      return (a === b) !== !!c.not;
    }
    case 'button': {
      if (!f.button) return false;
      const want = normalize(c.text);
      return normalize(f.button.payload) === want || normalize(f.button.title) === want;
    }
    case 'field': {
      const raw = f.fields[c.field];
      const v = raw === null || raw === undefined ? '' : String(raw);
      const want = c.value ?? '';
      switch (c.op) {
        case 'equals':
          return normalize(v) === normalize(want);
        case 'not_equals':
          return normalize(v) !== normalize(want);
        case 'contains':
          return normalize(v).includes(normalize(want));
        case 'empty':
          return v === '';
        case 'not_empty':
          return v !== '';
      }
    }
  }
}
