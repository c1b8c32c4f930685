/** What the composer should suggest for the word at the caret: "/shortcut" (quick replies) or "@name" (mentions). */
export interface Trigger {
  kind: '/' | '@';
  query: string;
  /** where the trigger character is */
  start: number;
  end: number;
}

export function triggerAt(text: string, caret: number, allowMentions: boolean): Trigger | null {
  // quick replies: the whole message so far is "/word"
  const slash = /^\/([a-z0-9_-]*)$/i.exec(text.slice(0, caret));
  if (slash && !/\s/.test(text.slice(caret, caret + 1) || ''))
    return { kind: '/', query: slash[1]!.toLowerCase(), start: 0, end: caret };
  if (!allowMentions) return null;
  const at = /(^|\s)@([\p{L}\p{N}_.-]{0,30})$/u.exec(text.slice(0, caret));
  if (at) return { kind: '@', query: at[2]!.toLowerCase(), start: caret - at[2]!.length - 1, end: caret };
  return null;
}

/** Replace the trigger with `insert`, returning the new text and caret. */
export function applySuggestion(text: string, trig: Trigger, insert: string): { text: string; caret: number } {
  const next = text.slice(0, trig.start) + insert + text.slice(trig.end);
  return { text: next, caret: trig.start + insert.length };
}

/** Ids of members still mentioned ("@Name") in the final text. */
export function mentionedIds(text: string, picked: Array<{ id: string; name: string }>): string[] {
  return [...new Set(picked.filter((m) => text.includes(`@${m.name}`)).map((m) => m.id))];
}
