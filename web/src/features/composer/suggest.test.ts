import { describe, expect, it } from 'vitest';
import { applySuggestion, mentionedIds, triggerAt } from './suggest.ts';

describe('composer suggestions', () => {
  it('offers quick replies only when the message is "/word"', () => {
    expect(triggerAt('/ora', 4, false)).toEqual({ kind: '/', query: 'ora', start: 0, end: 4 });
    expect(triggerAt('hi /ora', 7, false)).toBeNull();
    expect(triggerAt('/ora rest', 9, false)).toBeNull();
  });

  it('offers mentions after @ in notes', () => {
    expect(triggerAt('ask @gi', 7, true)).toEqual({ kind: '@', query: 'gi', start: 4, end: 7 });
    expect(triggerAt('mail a@b', 8, true)).toBeNull();
    expect(triggerAt('ask @gi', 7, false)).toBeNull();
  });

  it('replaces the trigger and keeps only mentions still in the text', () => {
    const r = applySuggestion('ask @gi now', { kind: '@', query: 'gi', start: 4, end: 7 }, '@Giulia ');
    expect(r).toEqual({ text: 'ask @Giulia  now', caret: 12 });
    expect(
      mentionedIds('ask @Giulia now', [
        { id: 'a', name: 'Giulia' },
        { id: 'b', name: 'Marco' },
      ]),
    ).toEqual(['a']);
  });
});
