/** Tags, lists and dynamic field definitions: loaded once per session of the CRM, refreshed after edits. */
import { atom, computed } from 'nanostores';
import type { User } from '../../lib/types.ts';
import { crm } from './crm.api.ts';
import type { CrmList, CrmTag, FieldDef } from './crm.types.ts';
import { userMay } from '../../../../api/src/engine/policy/permissions.ts';

export const $tags = atom<CrmTag[]>([]);
export const $lists = atom<CrmList[]>([]);
export const $fields = atom<FieldDef[]>([]);
export const $tagsById = computed($tags, (xs) => new Map(xs.map((x) => [x.id, x])));
export const $listsById = computed($lists, (xs) => new Map(xs.map((x) => [x.id, x])));
export const $fieldsByKey = computed($fields, (xs) => new Map(xs.map((x) => [x.key, x])));

let loaded: Promise<void> | undefined;

export const loadTags = async () => $tags.set(await crm.tags());
export const loadLists = async (counts = false) => $lists.set(await crm.lists(counts));
export const loadFields = async () => $fields.set(await crm.fields());

/** Everything the screens need, once (pass force after a change made elsewhere). */
export function loadTaxonomy(force = false): Promise<void> {
  if (!loaded || force) {
    loaded = Promise.all([loadTags(), loadLists(), loadFields()]).then(() => undefined);
    loaded.catch(() => (loaded = undefined));
  }
  return loaded;
}

type U = Pick<User, 'id' | 'role'> | null | undefined;

/** What the UI offers each role: the server's permission table (api/src/engine/policy/permissions.ts). */
export const crmCan = {
  edit: (u: U) => userMay(u, 'contact.write'),
  create: (u: U) => userMay(u, 'contact.create'),
  importExport: (u: U) => userMay(u, 'contact.import') && userMay(u, 'contact.export'),
  manageTaxonomy: (u: U) => userMay(u, 'contact.taxonomy'),
  defineFields: (u: U) => userMay(u, 'contact.fields'),
  bulk: (u: U) => userMay(u, 'contact.bulk'),
  bulkDelete: (u: U) => userMay(u, 'contact.bulk_delete'),
  shareViews: (u: U) => userMay(u, 'contact_view.share'),
  send: (u: U) => userMay(u, 'message.send'),
};

/** 'it' and 'en' first: the inbox's languages, then the other common ones. */
export const LANGUAGES = ['it', 'en', 'es', 'fr', 'de', 'pt', 'nl', 'ro', 'pl', 'ar', 'zh'];

export const TAG_COLORS = [
  '#0f766e',
  '#2563eb',
  '#7c3aed',
  '#c026d3',
  '#dc2626',
  '#ea580c',
  '#ca8a04',
  '#16a34a',
  '#475569',
];
