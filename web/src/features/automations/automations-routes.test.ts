import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../router.ts';
import { automationsCan } from './automations-access.ts';

describe('automation routes', () => {
  it.each([
    ['#/automations', { name: 'automations' }],
    ['#/automations/', { name: 'automations' }],
    ['#/automations/new', { name: 'automations', id: 'new' }],
    ['#/automations/abcdefghij12345', { name: 'automations', id: 'abcdefghij12345' }],
    ['#/automations/abcdefghij12345/report', { name: 'automations', id: 'abcdefghij12345', report: true }],
    ['#/automations/new/report', { name: 'inbox' }],
    ['#/automations/short', { name: 'inbox' }],
  ])('%s', (hash, want) => expect(parseRoute(hash)).toEqual(want));
});

describe('who sees automations', () => {
  it.each([
    ['admin', true],
    ['manager', true],
    ['operator', false],
    ['viewer', false],
  ] as const)('%s → %s', (role, want) => expect(automationsCan.manage({ id: 'u', role })).toBe(want));
  it('nobody signed in sees nothing', () => expect(automationsCan.manage(null)).toBe(false));
});
