/**
 * Unsent composer text per conversation, kept in localStorage so a reload, a sign-out by expiry or a
 * crash never loses what an operator was typing.
 */
import { readJson, writeJson } from '../lib/storage.ts';

const KEY = 'drafts';
let drafts: Record<string, string> = readJson(KEY, {});
let saveTimer: ReturnType<typeof setTimeout> | undefined;

export function getDraft(conversationId: string): string {
  return drafts[conversationId] ?? '';
}

export function setDraft(conversationId: string, text: string): void {
  if ((drafts[conversationId] ?? '') === text) return;
  drafts = { ...drafts };
  if (text) drafts[conversationId] = text;
  else delete drafts[conversationId];
  clearTimeout(saveTimer);
  saveTimer = setTimeout(flushDrafts, 300);
}

export function flushDrafts(): void {
  clearTimeout(saveTimer);
  writeJson(KEY, drafts);
}

if (typeof window !== 'undefined') window.addEventListener('pagehide', flushDrafts);
