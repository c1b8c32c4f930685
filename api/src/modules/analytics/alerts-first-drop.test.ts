import { describe, expect, it } from 'vitest';
import { historyAlerts } from './alerts.service.ts';

describe('quality drop alerts', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const row = (history: Array<Record<string, string>>) =>
    ({ id: 'num000000000001', display_phone_number: '15550783881', quality_history: history }) as never;

  it('the first change after install alerts too: the entry says which rating it left', () => {
    const got = historyAlerts(
      row([{ at: '2026-03-10T11:00:00Z', event: 'READ_FROM_META', rating: 'YELLOW', from: 'GREEN' }]),
      now,
    );
    expect(got.map((a) => [a.kind, a.data.from, a.data.to])).toEqual([['quality_drop', 'GREEN', 'YELLOW']]);
  });

  it('a rise is no alert', () => {
    const got = historyAlerts(
      row([{ at: '2026-03-10T11:00:00Z', event: 'READ_FROM_META', rating: 'GREEN', from: 'YELLOW' }]),
      now,
    );
    expect(got).toEqual([]);
  });
});
