/**
 * What a realtime subscription asks for, as the PocketBase SDK writes it: `collection/*` or
 * `collection/RECORD_ID`, optionally followed by `?options=<url-encoded JSON {query, headers}>`.
 *
 * The hub serves in memory only the hot collections (chats and their messages) and only the shapes the
 * PWA uses — no filter, or `conversation = 'ID'` on messages — so its decision is provably the one
 * PocketBase's rule would make. Anything else is passed to PocketBase unchanged (its rules, its filter
 * language), over a connection of that client's own.
 */

/** Collections whose events the hub decides in memory (their rules mirror engine/policy). */
export const HOT_COLLECTIONS = ['conversations', 'messages'] as const;
export type HotCollection = (typeof HOT_COLLECTIONS)[number];

export interface HotTopic {
  kind: 'hot';
  /** the string as subscribed: events are sent under this name */
  raw: string;
  collection: HotCollection;
  /** '*' or one record id */
  record: string;
  /** messages only: the one chat the subscription is about */
  conversation?: string;
}

export interface PassTopic {
  kind: 'pass';
  raw: string;
}

export type Topic = HotTopic | PassTopic;

/** PocketBase's own limits on a subscription set (apis/realtime.go) */
export const MAX_TOPICS = 1000;
export const MAX_TOPIC_LENGTH = 2500;

const ID = /^[a-z0-9]{1,64}$/;
const CONVERSATION_FILTER = /^\s*conversation\s*=\s*(['"])([a-z0-9]{1,64})\1\s*$/;

const isHot = (c: string): c is HotCollection => (HOT_COLLECTIONS as readonly string[]).includes(c);

function parseOptions(rest: string): { query: Record<string, unknown>; headers: Record<string, unknown> } | null {
  // only `options=` may follow (PocketBase ignores other parameters; we pass anything unusual through)
  if (!rest.startsWith('options=') || rest.includes('&')) return null;
  try {
    const o = JSON.parse(decodeURIComponent(rest.slice('options='.length))) as unknown;
    if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
    const { query = {}, headers = {}, ...other } = o as Record<string, unknown>;
    if (Object.keys(other).length) return null;
    if (!query || typeof query !== 'object' || Array.isArray(query)) return null;
    if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return null;
    return { query: query as Record<string, unknown>, headers: headers as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** Classifies one subscription string. */
export function parseTopic(raw: string): Topic {
  const pass: PassTopic = { kind: 'pass', raw };
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const slash = path.indexOf('/');
  if (slash < 0) return pass;
  const collection = path.slice(0, slash);
  const record = path.slice(slash + 1);
  if (!isHot(collection) || (record !== '*' && !ID.test(record))) return pass;
  const topic: HotTopic = { kind: 'hot', raw, collection, record };
  if (q < 0) return topic;
  const options = parseOptions(raw.slice(q + 1));
  if (!options) return pass;
  // custom headers change how PocketBase authorises the check: its business
  if (Object.keys(options.headers).length) return pass;
  const { filter, ...query } = options.query;
  if (Object.keys(query).length) return pass; // expand, fields, …: PocketBase shapes the record
  if (filter === undefined || filter === '') return topic;
  if (typeof filter !== 'string' || collection !== 'messages') return pass;
  const m = CONVERSATION_FILTER.exec(filter);
  if (!m) return pass;
  return { ...topic, conversation: m[2] as string };
}
