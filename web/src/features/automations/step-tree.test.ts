import { describe, expect, it } from 'vitest';
import { walk } from '../../../../api/src/modules/automations/automation-rules.ts';
import type { Step } from './automations.types.ts';
import {
  changeAction,
  countSteps,
  displayParts,
  defaultAction,
  insertStep,
  laneArray,
  lanesFor,
  moveStep,
  newStep,
  removeStep,
  splitPath,
  stepOfIssuePath,
} from './step-tree.ts';

const tag = (t: string): Step => ({ action: { type: 'add_tag', tag: t } });
/** PROMO → ask → wait: replied → tag a, b; not replied → tag c → tag d */
function flow(): Step[] {
  return [
    { action: { type: 'send_text', text: 'Vuoi il listino?' } },
    {
      action: {
        type: 'wait_for_reply',
        timeout: { hours: 24 },
        replied: [tag('a'), tag('b')],
        not_replied: [tag('c')],
      },
    },
    tag('d'),
  ];
}
const tags = (steps: Step[]) =>
  walk(steps).map(({ path, step }) => `${path}:${(step.action as { tag?: string }).tag ?? step.action.type}`);

describe('paths', () => {
  it.each([
    ['0', { lane: '', index: 0 }],
    ['12', { lane: '', index: 12 }],
    ['1.replied.0', { lane: '1.replied', index: 0 }],
    ['1.then.2.else.3', { lane: '1.then.2.else', index: 3 }],
  ])('%s', (p, want) => expect(splitPath(p)).toEqual(want));

  it('finds a lane, and makes an absent one only when asked', () => {
    const s = flow();
    expect(laneArray(s, '')).toBe(s);
    expect(laneArray(s, '1.replied')).toHaveLength(2);
    expect(laneArray(s, '0.window_closed')).toBeUndefined();
    expect(laneArray(s, '0.window_closed', true)).toEqual([]);
    expect(s[0]!.window_closed).toEqual([]);
    expect(laneArray(s, '7.replied', true)).toBeUndefined();
  });
});

describe('insert, remove, move', () => {
  it('inserts in the main flow and in a lane, answering the new path', () => {
    const s = flow();
    expect(insertStep(s, '', 1, tag('x'))).toBe('1');
    expect(insertStep(s, '2.replied', 99, tag('y'))).toBe('2.replied.2');
    expect(insertStep(s, '2.not_replied', 0, tag('z'))).toBe('2.not_replied.0');
    expect(tags(s)).toEqual([
      '0:send_text',
      '1:x',
      '2:wait_for_reply',
      '2.replied.0:a',
      '2.replied.1:b',
      '2.replied.2:y',
      '2.not_replied.0:z',
      '2.not_replied.1:c',
      '3:d',
    ]);
  });

  it('creates a closed-window lane on a send step', () => {
    const s = flow();
    expect(insertStep(s, '0.window_closed', 0, newStep('send_template'))).toBe('0.window_closed.0');
    expect(lanesFor('send_template')).toEqual([]);
    expect(s[0]!.window_closed?.[0]?.action.type).toBe('send_template');
  });

  it('removes a step with its lanes', () => {
    const s = flow();
    expect(removeStep(s, '1.replied.0')).toEqual(tag('a'));
    expect(removeStep(s, '1')?.action.type).toBe('wait_for_reply');
    expect(removeStep(s, '5')).toBeUndefined();
    expect(tags(s)).toEqual(['0:send_text', '1:d']);
  });

  it('moves a step within its lane only', () => {
    const s = flow();
    expect(moveStep(s, '1.replied.1', -1)).toBe('1.replied.0');
    expect(moveStep(s, '1.replied.0', -1)).toBeUndefined();
    expect(moveStep(s, '1.not_replied.0', 1)).toBeUndefined();
    expect(moveStep(s, '2', -1)).toBe('1');
    expect(tags(s)).toEqual([
      '0:send_text',
      '1:d',
      '2:wait_for_reply',
      '2.replied.0:b',
      '2.replied.1:a',
      '2.not_replied.0:c',
    ]);
  });
});

describe('actions', () => {
  it('changing the kind keeps when and if, drops lanes it cannot hold', () => {
    const s: Step = {
      after: { minutes: 5 },
      if: { type: 'tag', tag: 'vip' },
      action: { type: 'send_text', text: 'ciao' },
      window_closed: [tag('w')],
    };
    changeAction(s, 'send_text');
    expect(s.window_closed).toHaveLength(1);
    changeAction(s, 'send_template');
    expect(s.window_closed).toBeUndefined();
    changeAction(s, 'add_tag');
    expect(s).toEqual({ after: { minutes: 5 }, if: { type: 'tag', tag: 'vip' }, action: { type: 'add_tag', tag: '' } });
    changeAction(s, 'wait_for_reply');
    expect(s.action).toEqual({ type: 'wait_for_reply', timeout: { hours: 24 } });
  });

  it('every kind has a default of its own type and its lanes', () => {
    for (const type of ['branch', 'wait_for_reply', 'send_text', 'assign', 'block'] as const)
      expect(defaultAction(type).type).toBe(type);
    expect(lanesFor('branch')).toEqual(['then', 'else']);
    expect(lanesFor('wait_for_reply')).toEqual(['replied', 'not_replied']);
    expect(lanesFor('add_tag')).toEqual([]);
  });

  it('counts the steps a removal takes with it', () => {
    expect(countSteps(flow())).toBe(6);
    expect(countSteps([flow()[1]!])).toBe(4);
    expect(countSteps(undefined)).toBe(0);
  });
});

describe('server issues → the step they are about', () => {
  it.each([
    ['steps.0.action.text', '0'],
    ['steps.1.action.replied.0.action.tag', '1.replied.0'],
    ['steps.2.window_closed.1.after.minutes', '2.window_closed.1'],
    ['steps.1.action.then.0.action.else.2.if.tag', '1.then.0.else.2'],
    ['trigger.text', undefined],
    ['name', undefined],
  ])('%s → %s', (p, want) => expect(stepOfIssuePath(p)).toBe(want));
});

describe('display', () => {
  it('counts from 1 and keeps the lanes', () => {
    expect(displayParts('0')).toEqual([1]);
    expect(displayParts('1.replied.0')).toEqual([2, 'replied', 1]);
  });
});
