import { describe, expect, it } from 'vitest';
import { Definition } from '../../../../api/src/modules/automations/automation.schema.ts';
import {
  delayOf,
  delayParts,
  type Draft,
  draftIssues,
  emptyDraft,
  isTimeZone,
  replyKind,
  setReplyKind,
  timeZones,
  toBody,
  triggerFor,
  triggerKind,
} from './automation-form.ts';
import type { Step } from './automations.types.ts';

const templates = (name: string) =>
  name === 'promo'
    ? { params: ['first_name'], media: false }
    : name === 'foto'
      ? { params: [], media: true }
      : undefined;

function promo(): Draft {
  return {
    name: 'Promo',
    trigger: { type: 'message', match: 'exact', text: 'PROMO' },
    steps: [
      { action: { type: 'send_text', text: 'Vuoi il listino?', buttons: [' Sì ', ''] } },
      {
        after: { minutes: 0 },
        action: {
          type: 'wait_for_reply',
          timeout: { hours: 24 },
          replied: [{ action: { type: 'add_tag', tag: 'interessato' } }],
          not_replied: [{ action: { type: 'add_tag', tag: 'silenzioso' } }],
        },
        window_closed: [],
      } as Step,
    ],
    settings: {},
  };
}

describe('trigger menu', () => {
  it.each([
    [{ type: 'message', match: 'exact', text: 'x' }, 'message_exact'],
    [{ type: 'message', match: 'contains', text: 'x' }, 'message_contains'],
    [{ type: 'holiday' }, 'holiday'],
  ] as const)('%j is %s', (t, k) => expect(triggerKind(t)).toBe(k));

  it('keeps the phrase when moving between phrase, keyword and button', () => {
    const exact = triggerFor('message_exact', { type: 'message', match: 'contains', text: 'info' });
    expect(exact).toEqual({ type: 'message', match: 'exact', text: 'info' });
    expect(triggerFor('button', exact)).toEqual({ type: 'button', text: 'info' });
    expect(triggerFor('tag_added', exact)).toEqual({ type: 'tag_added', tag: '' });
    expect(triggerFor('new_contact')).toEqual({ type: 'new_contact' });
  });
});

describe('when?', () => {
  it.each([
    [undefined, { amount: 0, unit: 'minutes' }],
    [{ hours: 0 }, { amount: 0, unit: 'hours' }],
    [
      { hours: 1, minutes: 30 },
      { amount: 90, unit: 'minutes' },
    ],
    [{ days: 2 }, { amount: 2, unit: 'days' }],
    [{ hours: 48 }, { amount: 48, unit: 'hours' }],
    [
      { hours: 24, minutes: 0 },
      { amount: 1, unit: 'days' },
    ],
    [{ seconds: 90 }, { amount: 90, unit: 'seconds' }],
  ] as const)('%j → %j', (d, want) => expect(delayParts(d)).toEqual(want));

  it('builds one unit, whole and not negative', () => {
    expect(delayOf(5, 'minutes')).toEqual({ minutes: 5 });
    expect(delayOf(-3, 'hours')).toEqual({ hours: 0 });
    expect(delayOf(Number.NaN, 'days')).toEqual({ days: 0 });
  });
});

describe('body', () => {
  it('leaves out empty lanes, blank buttons and zero delays, and the server schema accepts it', () => {
    const body = toBody(promo());
    expect(body.steps[0]).toEqual({ action: { type: 'send_text', text: 'Vuoi il listino?', buttons: ['Sì'] } });
    expect(body.steps[1]).toEqual({
      action: {
        type: 'wait_for_reply',
        timeout: { hours: 24 },
        replied: [{ action: { type: 'add_tag', tag: 'interessato' } }],
        not_replied: [{ action: { type: 'add_tag', tag: 'silenzioso' } }],
      },
    });
    expect(Definition.safeParse(body).success).toBe(true);
  });

  it('a field set from the next message carries no value; round-robin carries no user', () => {
    const d = emptyDraft();
    d.steps = [
      { action: { type: 'set_field', field: 'note', value: 'x', from: 'next_message' } },
      { action: { type: 'assign', user: '' } },
      { action: { type: 'send_template', template: { name: 'promo', language: '', params: {} } } },
    ];
    expect(toBody(d).steps.map((s) => s.action)).toEqual([
      { type: 'set_field', field: 'note', from: 'next_message' },
      { type: 'assign' },
      { type: 'send_template', template: { name: 'promo' } },
    ]);
  });
});

describe('issues before activating', () => {
  it('a complete flow has none', () => expect(draftIssues(promo(), templates)).toEqual([]));

  it('names each problem and the step it is in', () => {
    const d = promo();
    d.name = ' ';
    d.trigger = { type: 'message', match: 'exact', text: '' };
    d.steps[0] = { if: { type: 'tag', tag: '' }, action: { type: 'send_text', text: '', buttons: ['a', 'A'] } };
    const wait = d.steps[1]!.action as Extract<Step['action'], { type: 'wait_for_reply' }>;
    wait.timeout = { minutes: 0 };
    wait.replied![0] = { after: { days: 999 }, action: { type: 'webhook', url: 'ftp://x' } };
    wait.not_replied![0] = { action: { type: 'send_template', template: { name: 'promo' } } };
    d.steps.push({ action: { type: 'send_template', template: { name: 'gone' } } });
    d.steps.push({ action: { type: 'branch', if: { type: 'field', field: 'city', op: 'equals' } } });
    d.steps.push({ action: { type: 'send_template', template: { name: 'foto' } } });
    expect(draftIssues(d, templates)).toEqual([
      { at: 'name', key: 'noName' },
      { at: 'trigger', key: 'noPhrase' },
      { at: '0', key: 'conditionTag' },
      { at: '0', key: 'noText' },
      { at: '0', key: 'buttonTwice' },
      { at: '1', key: 'noTimeout' },
      { at: '1.replied.0', key: 'delayTooLong' },
      { at: '1.replied.0', key: 'badUrl' },
      { at: '1.not_replied.0', key: 'paramMissing' },
      { at: '2', key: 'templateGone' },
      { at: '3', key: 'conditionValue' },
      { at: '4', key: 'headerLink' },
    ]);
  });

  it('an empty flow, and triggers without their list, tag or date field', () => {
    const d = emptyDraft();
    d.name = 'x';
    d.trigger = { type: 'date', field: '', mode: 'yearly', time: '' };
    expect(draftIssues(d, templates).map((i) => i.key)).toEqual(['noDateField', 'noTime', 'noSteps']);
    d.trigger = { type: 'tag_added', tag: '' };
    expect(draftIssues(d, templates).map((i) => i.key)).toEqual(['noTag', 'noSteps']);
  });
});

type SendText = Extract<Step['action'], { type: 'send_text' }>;
const textStep = (a: Partial<SendText>): Step => ({ action: { type: 'send_text', text: 'Scegli', ...a } });
/** a draft that is complete but for its one send_text step */
function withText(a: Partial<SendText>): Draft {
  const d = emptyDraft();
  d.name = 'Menu';
  d.trigger = { type: 'message', match: 'exact', text: 'MENU' };
  d.steps = [textStep(a)];
  return d;
}
const keys = (d: Draft) => draftIssues(d, templates).map((i) => i.key);

describe('send text: reply buttons or a list', () => {
  it('tells the kind from the action; a list wins over buttons, as the send path does', () => {
    expect(replyKind({ type: 'send_text', text: 'x' })).toBe('none');
    expect(replyKind({ type: 'send_text', text: 'x', buttons: [] })).toBe('buttons');
    expect(replyKind({ type: 'send_text', text: 'x', list: { button: 'b', rows: [] } })).toBe('list');
    expect(replyKind({ type: 'send_text', text: 'x', buttons: ['a'], list: { button: 'b', rows: [] } })).toBe('list');
  });

  it('switching removes the other kind and gets back what was typed before', () => {
    const a: SendText = { type: 'send_text', text: 'x', buttons: ['Sì', 'No'] };
    setReplyKind(a, 'list');
    expect(a).toEqual({ type: 'send_text', text: 'x', list: { button: '', rows: [{ title: '' }] } });
    setReplyKind(a, 'buttons', { buttons: ['Sì', 'No'] });
    expect(a).toEqual({ type: 'send_text', text: 'x', buttons: ['Sì', 'No'] });
    setReplyKind(a, 'none');
    expect(a).toEqual({ type: 'send_text', text: 'x' });
    setReplyKind(a, 'buttons');
    expect(a.buttons).toEqual(['']);
  });

  it('saves the list trimmed, without empty rows or descriptions, never with buttons; the schema accepts it', () => {
    const d = withText({
      buttons: ['Sì'],
      list: {
        button: ' Scegli ',
        rows: [
          { title: ' Orari ', description: ' Quando siamo aperti ' },
          { title: '', description: '  ' },
          { id: 'prezzi', title: 'Prezzi', description: '' },
        ],
      },
    });
    const body = toBody(d);
    expect(body.steps[0]!.action).toEqual({
      type: 'send_text',
      text: 'Scegli',
      list: {
        button: 'Scegli',
        rows: [
          { title: 'Orari', description: 'Quando siamo aperti' },
          { id: 'prezzi', title: 'Prezzi' },
        ],
      },
    });
    expect(Definition.safeParse(body).success).toBe(true);
    expect(keys(d)).toEqual([]);
  });

  it('names what the list lacks or exceeds', () => {
    expect(keys(withText({ list: { button: ' ', rows: [{ title: '' }] } }))).toEqual(['noListButton', 'noRows']);
    expect(
      keys(
        withText({
          list: {
            button: 'x'.repeat(21),
            rows: [
              { title: '', description: 'senza titolo' },
              { title: 'y'.repeat(25) },
              { title: 'Orari', description: 'z'.repeat(73) },
              { title: ' orari ' },
            ],
          },
        }),
      ),
    ).toEqual(['listButtonLength', 'rowNoTitle', 'rowTitleLength', 'rowDescriptionLength', 'rowTwice']);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ title: `Riga ${i + 1}` }));
    expect(keys(withText({ list: { button: 'Scegli', rows: eleven } }))).toEqual(['tooManyRows']);
    // exactly at the limits is fine
    const full = {
      button: 'b'.repeat(20),
      rows: Array.from({ length: 10 }, (_, i) => ({ title: `${i}`.padEnd(24, '.'), description: 'd'.repeat(72) })),
    };
    expect(keys(withText({ list: full }))).toEqual([]);
    expect(Definition.safeParse(toBody(withText({ list: full }))).success).toBe(true);
  });

  it('reply buttons chosen but none written; a text too long to go with buttons', () => {
    expect(keys(withText({ buttons: ['', ' '] }))).toEqual(['noButtons']);
    expect(keys(withText({ buttons: ['a', 'b', 'c', 'd'] }))).toEqual(['tooManyButtons']);
    expect(keys(withText({ text: 'x'.repeat(1025), buttons: ['Sì'] }))).toEqual(['textTooLongForButtons']);
    // without buttons (or with a list) the text may be as long as any
    expect(keys(withText({ text: 'x'.repeat(1025) }))).toEqual([]);
    expect(keys(withText({ text: 'x'.repeat(1025), list: { button: 'Scegli', rows: [{ title: 'A' }] } }))).toEqual([]);
  });
});

describe('date trigger: the time zone', () => {
  it('a new date trigger starts in the zone it is given (the business one)', () => {
    expect(triggerFor('date', undefined, 'Europe/Rome')).toEqual({
      type: 'date',
      field: '',
      mode: 'yearly',
      time: '09:00',
      timezone: 'Europe/Rome',
    });
    expect(triggerFor('date')).not.toHaveProperty('timezone');
  });

  it('offers the runtime’s zones, UTC, and an unknown current one', () => {
    const zones = timeZones();
    expect(zones).toContain('Europe/Rome');
    expect(zones).toContain('America/New_York');
    expect(zones).toContain('UTC');
    expect(zones).toEqual([...zones].sort((a, b) => a.localeCompare(b, 'en')));
    expect(timeZones('Etc/GMT+5')).toContain('Etc/GMT+5');
  });

  it('an unknown zone stops activation; none set is fine (the server’s default)', () => {
    expect(isTimeZone('Europe/Rome')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    const d = withText({});
    d.trigger = { type: 'date', field: 'BIRTHDAY', mode: 'yearly', time: '09:00', timezone: 'Mars/Olympus' };
    expect(keys(d)).toEqual(['badTimezone']);
    d.trigger = { type: 'date', field: 'BIRTHDAY', mode: 'before', offset: { days: 1 } };
    expect(keys(d)).toEqual([]);
    d.trigger.timezone = 'America/Sao_Paulo';
    expect(keys(d)).toEqual([]);
    expect(Definition.safeParse(toBody(d)).success).toBe(true);
  });
});
