import { describe, expect, it } from 'vitest';
import type { StepT } from './automation.schema.ts';
import {
  delayMs,
  enterLane,
  holds,
  matchMessage,
  nextPath,
  normalize,
  phraseOf,
  stepAt,
  walk,
} from './automation-rules.ts';

const tag = (t: string): StepT => ({ action: { type: 'add_tag', tag: t } });
const FLOW: StepT[] = [
  { action: { type: 'send_template', template: { name: 'promo' } } },
  {
    action: {
      type: 'wait_for_reply',
      timeout: { hours: 24 },
      replied: [tag('a'), tag('b')],
      not_replied: [tag('c')],
    },
  },
  {
    action: { type: 'branch', if: { type: 'tag', tag: 'x' }, then: [tag('d')] },
    window_closed: [tag('w')],
  },
  tag('e'),
];

describe('normalize', () => {
  it.each([
    ['  Info  PREZZÌ ', 'info prezzi'],
    ['Ciao\nMondo', 'ciao mondo'],
    ['ÉTÉ', 'ete'],
  ])('%j → %j', (a, b) => expect(normalize(a)).toBe(b));
  it('reserves a phrase only for an exact trigger', () => {
    expect(phraseOf({ type: 'message', match: 'exact', text: 'INFO Prezzi' })).toBe('info prezzi');
    expect(phraseOf({ type: 'message', match: 'contains', text: 'info' })).toBe('');
  });
});

describe('matchMessage: one automation, exact phrase > button > keyword', () => {
  const c = [
    { id: 'kw', trigger: { type: 'message', match: 'contains', text: 'prezzi' } as const },
    { id: 'kw-long', trigger: { type: 'message', match: 'contains', text: 'info prezzi' } as const },
    { id: 'exact', trigger: { type: 'message', match: 'exact', text: 'INFO PREZZI' } as const },
    { id: 'btn', trigger: { type: 'button', text: 'SI_GRAZIE' } as const },
  ];
  it.each([
    ['info prezzi', undefined, 'exact'],
    ['vorrei i prezzi', undefined, 'kw'],
    ['vorrei info prezzi adesso', undefined, 'kw-long'],
    ['informazioni', undefined, undefined],
    ['Sì, grazie', { payload: 'SI_GRAZIE', title: 'Sì, grazie' }, 'btn'],
    ['', { payload: 'X', title: 'Info prezzi' }, 'exact'],
    ['prezzo', undefined, undefined],
  ])('%j (button %j) → %s', (text, button, want) => {
    expect(matchMessage(c, { text, ...(button ? { button } : {}) })?.id).toBe(want);
  });
});

describe('paths', () => {
  it('finds steps in lanes', () => {
    expect(stepAt(FLOW, '1.replied.1')).toEqual(tag('b'));
    expect(stepAt(FLOW, '2.then.0')).toEqual(tag('d'));
    expect(stepAt(FLOW, '2.window_closed.0')).toEqual(tag('w'));
    expect(stepAt(FLOW, '2.else.0')).toBeUndefined();
    expect(stepAt(FLOW, '9')).toBeUndefined();
  });
  it.each([
    ['0', '1'],
    ['1.replied.0', '1.replied.1'],
    ['1.replied.1', '2'],
    ['1.not_replied.0', '2'],
    ['2.then.0', '3'],
    ['3', undefined],
  ])('after %s comes %s', (p, n) => expect(nextPath(FLOW, p)).toBe(n));
  it('enters a lane, or goes on when the lane is empty', () => {
    expect(enterLane(FLOW, '1', 'replied')).toBe('1.replied.0');
    expect(enterLane(FLOW, '2', 'else')).toBe('3');
    expect(enterLane(FLOW, '2', 'then')).toBe('2.then.0');
  });
  it('walks every step in reading order', () => {
    expect(walk(FLOW).map((w) => w.path)).toEqual([
      '0',
      '1',
      '1.replied.0',
      '1.replied.1',
      '1.not_replied.0',
      '2',
      '2.then.0',
      '2.window_closed.0',
      '3',
    ]);
  });
});

describe('delays and conditions', () => {
  it('adds the units', () => expect(delayMs({ days: 1, hours: 2, minutes: 3, seconds: 4 })).toBe(93_784_000));
  const f = {
    tags: ['t1'],
    lists: ['l1'],
    language: 'it_IT',
    fields: { citta: 'Milano', vuoto: '' },
    button: { payload: 'YES', title: 'Sì' },
  };
  it.each([
    [{ type: 'tag', tag: 't1' }, true],
    [{ type: 'tag', tag: 't1', not: true }, false],
    [{ type: 'list', list: 'l2' }, false],
    [{ type: 'language', language: 'it' }, true],
    [{ type: 'field', field: 'citta', op: 'equals', value: 'milano' }, true],
    [{ type: 'field', field: 'citta', op: 'contains', value: 'lan' }, true],
    [{ type: 'field', field: 'vuoto', op: 'empty' }, true],
    [{ type: 'field', field: 'missing', op: 'not_empty' }, false],
    [{ type: 'button', text: 'si' }, true],
    [{ type: 'button', text: 'NO' }, false],
  ] as const)('%j → %s', (c, want) => expect(holds(c as never, f)).toBe(want));
});
