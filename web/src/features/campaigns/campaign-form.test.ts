import { describe, expect, it } from 'vitest';
import {
  choiceFromMapping,
  cronOf,
  emptyForm,
  fromCampaign,
  looksLikeCron,
  paramExpression,
  parseParamExpression,
  scheduleForm,
  stepIssues,
  toBody,
  zonedIso,
  type ScheduleForm,
  type WizardForm,
} from './campaign-form.ts';
import type { Campaign } from './campaigns.types.ts';

const TZ = 'Europe/Rome';
const sched = (p: Partial<ScheduleForm>): ScheduleForm => ({ ...emptyForm().schedule, ...p });
const ctx = { paramKeys: [] as string[], headerMedia: false, now: Date.parse('2025-06-01T10:00:00Z'), timezone: TZ };

describe('placeholder values', () => {
  it.each([
    [{ kind: 'field', field: 'first_name', fallback: 'Cliente' }, '{{contact.first_name|Cliente}}'],
    [{ kind: 'field', field: 'name', fallback: '' }, '{{contact.name}}'],
    [{ kind: 'field', field: 'fields.CITY', fallback: ' Roma ' }, '{{contact.fields.CITY|Roma}}'],
    [{ kind: 'field', field: 'first_name', fallback: 'a|b}' }, '{{contact.first_name|ab}}'],
    [{ kind: 'value', value: 'SPRING25' }, 'SPRING25'],
  ] as const)('%o → %s and back', (choice, expr) => {
    expect(paramExpression(choice)).toBe(expr);
    if (!('fallback' in choice) || !/[|}]/.test(choice.fallback))
      expect(parseParamExpression(expr)).toEqual(
        choice.kind === 'field' ? { ...choice, fallback: choice.fallback.trim() } : choice,
      );
  });

  it('reads the studio mapping: standard fields, dynamic fields, fixed values, {{1}} as the first name', () => {
    expect(choiceFromMapping({ source: 'field', field: 'FULL_NAME', fallback: 'x' }, 'n', [])).toEqual({
      kind: 'field',
      field: 'name',
      fallback: 'x',
    });
    expect(choiceFromMapping(undefined, 'city', ['CITY'])).toEqual({
      kind: 'field',
      field: 'fields.CITY',
      fallback: '',
    });
    expect(choiceFromMapping({ source: 'value', value: 'Promo' }, 'code', [])).toEqual({
      kind: 'value',
      value: 'Promo',
    });
    expect(choiceFromMapping(undefined, '1', [])).toEqual({ kind: 'field', field: 'first_name', fallback: '' });
    expect(choiceFromMapping(undefined, '2', [])).toEqual({ kind: 'value', value: '' });
  });
});

describe('schedule', () => {
  it('turns a wall-clock time in the business zone into an instant (summer and winter time)', () => {
    expect(zonedIso('2025-06-01', '09:30', TZ)).toBe('2025-06-01T07:30:00.000Z');
    expect(zonedIso('2025-12-01', '09:30', TZ)).toBe('2025-12-01T08:30:00.000Z');
    expect(zonedIso('2025-12-01', '09:30', 'America/New_York')).toBe('2025-12-01T14:30:00.000Z');
    expect(zonedIso('', '09:30', TZ)).toBe('');
  });

  it.each([
    [{ frequency: 'daily', time: '08:05' }, '5 8 * * *'],
    [{ frequency: 'weekly', time: '18:00', weekdays: [5, 1, 1] }, '0 18 * * 1,5'],
    [{ frequency: 'monthly', time: '09:00', monthDay: 15 }, '0 9 15 * *'],
    [{ frequency: 'cron', cron: ' 0 */2 * * * ' }, '0 */2 * * *'],
  ] as const)('%o → cron %s, and the form reads it back', (p, cron) => {
    const s = sched({ mode: 'recurring', ...p, weekdays: 'weekdays' in p ? [...p.weekdays] : [1] });
    expect(cronOf(s)).toBe(cron);
    const back = scheduleForm({ cron, timezone: TZ }, TZ, emptyForm().schedule);
    expect(cronOf(back)).toBe(cron);
    expect(back.frequency).toBe(p.frequency);
  });

  it('checks cron expressions', () => {
    expect(looksLikeCron('0 9 * * 1-5')).toBe(true);
    expect(looksLikeCron('*/15 8-18 * * 1,3,5')).toBe(true);
    expect(looksLikeCron('0 9 * *')).toBe(false);
    expect(looksLikeCron('every monday')).toBe(false);
  });

  it('ends a recurring campaign at the end of its last day, in the business zone', () => {
    const f: WizardForm = {
      ...emptyForm(),
      lists: ['l1'],
      schedule: sched({ mode: 'recurring', frequency: 'daily', time: '09:00', until: '2025-06-30' }),
    };
    expect(toBody(f, [], TZ).schedule).toEqual({ cron: '0 9 * * *', timezone: TZ, until: '2025-06-30T21:59:00.000Z' });
  });
});

describe('create body', () => {
  it('sends a template with its parameters as expressions, header link and audience', () => {
    const f: WizardForm = {
      ...emptyForm(),
      name: ' Saldi ',
      lists: ['l1', 'l2'],
      tags: ['t1'],
      template: 'promo',
      params: {
        '1': { kind: 'field', field: 'first_name', fallback: 'Cliente' },
        '2': { kind: 'value', value: 'SALDI' },
        stale: { kind: 'value', value: 'not in this template' },
      },
      headerLink: 'https://example.com/a.jpg',
      schedule: sched({ mode: 'at', date: '2025-06-02', time: '10:00' }),
    };
    expect(toBody(f, ['1', '2'], TZ)).toEqual({
      name: 'Saldi',
      audience: { lists: ['l1', 'l2'], tags: ['t1'] },
      template: {
        name: 'promo',
        params: { '1': '{{contact.first_name|Cliente}}', '2': 'SALDI' },
        header: { link: 'https://example.com/a.jpg' },
      },
      schedule: { at: '2025-06-02T08:00:00.000Z' },
    });
  });

  it('sends free text with its buttons and no schedule for "now"', () => {
    const f: WizardForm = { ...emptyForm(), view: 'v1', kind: 'text', textBody: 'Ciao!', buttons: ['Sì', ' ', 'No'] };
    expect(toBody(f, [], TZ)).toEqual({ audience: { view: 'v1' }, text: { body: 'Ciao!', buttons: ['Sì', 'No'] } });
  });

  it('opens a saved campaign in the wizard as it was', () => {
    const f: WizardForm = {
      ...emptyForm(),
      name: 'Weekly',
      lists: ['l1'],
      template: 'promo',
      language: 'it',
      params: { '1': { kind: 'field', field: 'name', fallback: 'amico' } },
      schedule: sched({ mode: 'recurring', frequency: 'weekly', weekdays: [1, 4], time: '09:15', until: '2025-07-31' }),
    };
    const body = toBody(f, ['1'], TZ);
    const saved = { id: 'c1', state: 'scheduled', number: '', text: null, ...body } as unknown as Campaign;
    const back = fromCampaign(saved, TZ);
    expect(toBody(back, ['1'], TZ)).toEqual(body);
    expect(back.schedule.until).toBe('2025-07-31');
  });
});

describe('step checks', () => {
  it('names what is missing on each step', () => {
    const f = emptyForm();
    expect(stepIssues('audience', f, ctx)).toEqual(['noName', 'noAudience']);
    expect(stepIssues('audience', { ...f, name: 'Saldi', tags: ['t'] }, ctx)).toEqual([]);
    expect(stepIssues('content', f, ctx)).toEqual(['noTemplate']);
    const tpl = { ...f, template: 'promo', params: { '1': { kind: 'value', value: ' ' } as const } };
    expect(stepIssues('content', tpl, { ...ctx, paramKeys: ['1'], headerMedia: true })).toEqual([
      'paramMissing',
      'headerLink',
    ]);
    expect(stepIssues('content', { ...f, kind: 'text', buttons: ['x'.repeat(21)] }, ctx)).toEqual([
      'noText',
      'buttonLength',
    ]);
    expect(
      stepIssues('schedule', { ...f, schedule: sched({ mode: 'at', date: '2025-06-01', time: '11:00' }) }, ctx),
    ).toEqual(['pastDate']);
    expect(
      stepIssues('schedule', { ...f, schedule: sched({ mode: 'at', date: '2025-06-01', time: '13:00' }) }, ctx),
    ).toEqual([]);
    expect(
      stepIssues('schedule', { ...f, schedule: sched({ mode: 'recurring', frequency: 'cron', cron: 'nope' }) }, ctx),
    ).toEqual(['badCron']);
    expect(stepIssues('review', f, ctx)).toEqual([]);
  });
});
