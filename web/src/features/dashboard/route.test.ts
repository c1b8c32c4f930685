import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../router.ts';

describe('dashboard routes', () => {
  it('opens each tab by its address, the status tab by default', () => {
    expect(parseRoute('#/dashboard')).toEqual({ name: 'dashboard', tab: 'status' });
    expect(parseRoute('#/dashboard/')).toEqual({ name: 'dashboard', tab: 'status' });
    expect(parseRoute('#/dashboard/report')).toEqual({ name: 'dashboard', tab: 'report' });
    expect(parseRoute('#/dashboard/messages')).toEqual({ name: 'dashboard', tab: 'messages' });
    expect(parseRoute('#/dashboard/team')).toEqual({ name: 'dashboard', tab: 'team' });
  });

  it('an unknown tab is the inbox, as every unknown address', () => {
    expect(parseRoute('#/dashboard/nope')).toEqual({ name: 'inbox' });
  });
});
