import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../router.ts';
import { actionsFor } from './campaign-actions.ts';

describe('campaign routes', () => {
  it.each([
    ['#/campaigns', { name: 'campaigns' }],
    ['#/campaigns/', { name: 'campaigns' }],
    ['#/campaigns/new', { name: 'campaigns', id: 'new' }],
    ['#/campaigns/abcdefghij12345', { name: 'campaigns', id: 'abcdefghij12345' }],
    ['#/campaigns/abcdefghij12345/edit', { name: 'campaigns', id: 'abcdefghij12345', edit: true }],
    ['#/campaigns/rates', { name: 'campaigns', id: 'rates' }],
    ['#/campaigns/new/edit', { name: 'inbox' }],
    ['#/campaigns/rates/edit', { name: 'inbox' }],
    ['#/campaigns/short', { name: 'inbox' }],
  ])('%s', (hash, want) => expect(parseRoute(hash)).toEqual(want));
});

describe('actions by state', () => {
  it.each([
    ['draft', true, ['duplicate', 'delete']],
    ['scheduled', true, ['pause', 'cancel', 'duplicate', 'delete']],
    ['sending', false, ['pause', 'cancel', 'duplicate']],
    ['cancelled', false, ['duplicate', 'delete']],
    ['paused', false, ['resume', 'cancel', 'duplicate', 'delete']],
    ['completed', false, ['duplicate', 'delete']],
  ] as const)('%s', (state, edit, acts) => expect(actionsFor({ state })).toEqual({ edit, acts }));
});
