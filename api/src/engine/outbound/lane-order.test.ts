import { describe, expect, it } from 'vitest';
import { laneSlot } from './lane-order.ts';

const lane = (spec: string) => [...spec].map((c, i) => ({ id: `${c}${i}`, bulk: c === 'b' }));
const place = (spec: string, bulk: boolean) => {
  const q: Array<{ id: string; bulk: boolean }> = lane(spec);
  q.splice(laneSlot(q, { bulk }), 0, { id: 'new', bulk });
  return q.map((j) => (j.id === 'new' ? (bulk ? 'B' : 'I') : j.id[0])).join('');
};

describe('where a send goes in its recipient’s lane (i = interactive, b = bulk, capital = the new one)', () => {
  const rows: Array<[string, boolean, string]> = [
    ['', false, 'I'],
    ['', true, 'B'],
    ['ii', false, 'iiI'],
    ['bbb', false, 'Ibbb'],
    ['ibb', false, 'iIbb'],
    ['bbb', true, 'bbbB'],
    ['iib', true, 'iibB'],
    // an interactive send queued after the campaign started still passes the bulk behind it, not the interactive ones
    ['bibi', false, 'Ibibi'],
  ];
  for (const [spec, bulk, want] of rows)
    it(`${spec || '(empty)'} + ${bulk ? 'bulk' : 'interactive'} → ${want}`, () => expect(place(spec, bulk)).toBe(want));
});
