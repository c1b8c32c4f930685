/** The contacts CRM endpoints (/api/v1/contacts, tags, lists, fields, views, jobs, import, export). */
import { api, ApiError } from '../../lib/api.ts';
import { uuid } from '../../lib/id.ts';
import { pb } from '../../lib/pb.ts';
import { $session, refreshSession } from '../../stores/session.ts';
import type {
  ActivityItem,
  Analysis,
  BulkResult,
  Consent,
  CrmContact,
  CrmList,
  CrmTag,
  FieldDef,
  FieldType,
  Job,
  SavedView,
  UploadResult,
} from './crm.types.ts';
import type { PageAnswer } from './paged.ts';

const V1 = '/api/v1';
const j = encodeURIComponent;

export type BulkAction =
  | 'tag'
  | 'untag'
  | 'add_to_list'
  | 'remove_from_list'
  | 'delete'
  | 'restore'
  | 'block'
  | 'unblock';
/** either some ids or every contact matching a JSON filter */
export type Selection = { ids: string[] } | { filter: Record<string, unknown> };

export const crm = {
  list: (query: URLSearchParams, signal?: AbortSignal) =>
    api<PageAnswer<CrmContact>>(`${V1}/contacts?${query}`, signal ? { signal } : {}),
  /** a page without its count (the count comes from count(), beside it) */
  page: (query: URLSearchParams, signal?: AbortSignal) =>
    crm.list(new URLSearchParams([...query, ['total', 'false']]), signal),
  count: (query: URLSearchParams, signal?: AbortSignal) =>
    api<{ total: number }>(`${V1}/contacts/count?${query}`, signal ? { signal } : {}).then((r) => r.total),
  get: (id: string) => api<CrmContact>(`${V1}/contacts/${j(id)}`),
  create: (body: Record<string, unknown>) => api<CrmContact>(`${V1}/contacts`, { body }),
  patch: (id: string, body: Record<string, unknown>) =>
    api<CrmContact>(`${V1}/contacts/${j(id)}`, { method: 'PATCH', body }),
  remove: (id: string) => api<CrmContact>(`${V1}/contacts/${j(id)}`, { method: 'DELETE' }),
  flag: (id: string, action: 'restore' | 'block' | 'unblock') =>
    api<CrmContact>(`${V1}/contacts/${j(id)}/${action}`, { method: 'POST' }),
  consent: (id: string, body: { kind: 'opt_in' | 'opt_out'; source: string; scope: string; note?: string }) =>
    api<CrmContact>(`${V1}/contacts/${j(id)}/consent`, { body: { method: 'manual', ...body } }),
  consents: (id: string) => api<{ items: Consent[] }>(`${V1}/contacts/${j(id)}/consents`).then((r) => r.items),
  activity: (id: string, before?: string) =>
    api<{ items: ActivityItem[]; has_more: boolean }>(
      `${V1}/contacts/${j(id)}/activity?limit=30${before ? `&before=${j(before)}` : ''}`,
    ),
  addTags: (id: string, tags: string[]) => api<CrmContact>(`${V1}/contacts/${j(id)}/tags`, { body: { tags } }),
  removeTags: (id: string, tags: string[]) =>
    api<CrmContact>(`${V1}/contacts/${j(id)}/tags`, { method: 'DELETE', body: { tags } }),
  bulk: (action: BulkAction, sel: Selection, ref: { tag?: string; list?: string } = {}) =>
    api<BulkResult>(`${V1}/contacts/bulk`, { body: { action, ...ref, ...sel } }),

  views: () => api<{ items: SavedView[] }>(`${V1}/contacts/views`).then((r) => r.items),
  saveView: (body: { name: string; filter: Record<string, unknown>; shared: boolean }) =>
    api<SavedView>(`${V1}/contacts/views`, { body }),
  deleteView: (id: string) => api(`${V1}/contacts/views/${j(id)}`, { method: 'DELETE' }),

  tags: () => api<{ items: CrmTag[] }>(`${V1}/tags`).then((r) => r.items),
  /** contacts per tag id, counted by the server in one pass */
  tagCounts: () =>
    api<{ items: Array<CrmTag & { contacts: number }> }>(`${V1}/tags?counts=true`).then((r) =>
      Object.fromEntries(r.items.map((x) => [x.id, x.contacts])),
    ),
  createTag: (name: string, color: string) => api<CrmTag>(`${V1}/tags`, { body: { name, color } }),
  patchTag: (id: string, body: { name?: string; color?: string }) =>
    api<CrmTag>(`${V1}/tags/${j(id)}`, { method: 'PATCH', body }),
  deleteTag: (id: string) => api(`${V1}/tags/${j(id)}`, { method: 'DELETE' }),

  lists: (counts = false) =>
    api<{ items: CrmList[] }>(`${V1}/lists${counts ? '?counts=true' : ''}`).then((r) => r.items),
  createList: (name: string, description = '') => api<CrmList>(`${V1}/lists`, { body: { name, description } }),
  patchList: (id: string, body: { name?: string; description?: string }) =>
    api<CrmList>(`${V1}/lists/${j(id)}`, { method: 'PATCH', body }),
  deleteList: (id: string) => api(`${V1}/lists/${j(id)}`, { method: 'DELETE' }),
  members: (id: string, op: 'add' | 'remove', sel: Selection) =>
    api<BulkResult>(`${V1}/lists/${j(id)}/members${op === 'remove' ? '/remove' : ''}`, { body: sel }),

  fields: () => api<{ items: FieldDef[] }>(`${V1}/fields`).then((r) => r.items),
  createField: (body: { key: string; label: string; type: FieldType; on_contact: boolean; required: boolean }) =>
    api<FieldDef>(`${V1}/fields`, { body }),
  patchField: (id: string, body: { label?: string; on_contact?: boolean; required?: boolean }) =>
    api<FieldDef>(`${V1}/fields/${j(id)}`, { method: 'PATCH', body }),
  deleteField: (id: string) => api(`${V1}/fields/${j(id)}`, { method: 'DELETE' }),

  job: (id: string) => api<Job>(`${V1}/jobs/${j(id)}`),
  cancelJob: (id: string) => api<Job>(`${V1}/jobs/${j(id)}/cancel`, { method: 'POST' }),

  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<UploadResult>(`${V1}/contacts/import`, { form });
  },
  analyse: (id: string, body: Record<string, unknown>) =>
    api<Analysis>(`${V1}/contacts/import/${j(id)}/analyse`, { body }),
  startImport: (id: string, body: Record<string, unknown>) =>
    api<Job>(`${V1}/contacts/import/${j(id)}/start`, { body }),

  /** The chat with this contact that the user may see, if any. */
  conversationOf: async (contactId: string) => {
    const r = await pb.collection('conversations').getList<{ id: string }>(1, 1, {
      filter: pb.filter('contact = {:c}', { c: contactId }),
      fields: 'id',
      skipTotal: true,
    });
    return r.items[0]?.id;
  },

  /** Starts a chat with a template (the business writes first): the server creates the conversation. */
  sendTemplate: (to: string, template: Record<string, unknown>, phoneNumberId?: string) =>
    api<{ message: { id: string; conversation: string } }>(`${V1}/messages`, {
      body: { to, type: 'template', template },
      // several numbers: the one the chat starts from (default: the server's default number)
      headers: { 'idempotency-key': uuid(), ...(phoneNumberId ? { 'x-phone-number-id': phoneNumberId } : {}) },
    }),
};

/** A file from an authenticated endpoint, saved by the browser. */
export async function download(path: string, filename: string, body?: unknown): Promise<void> {
  const send = () => {
    const token = $session.get()?.token;
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && (await refreshSession())) res = await send();
  } catch {
    throw new ApiError('network', 0, 'Network error: check your connection');
  }
  if (!res.ok) {
    const e = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(e?.error?.code ?? `http_${res.status}`, res.status, e?.error?.message ?? res.statusText);
  }
  saveBlob(await res.blob(), filename);
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Export of a selection: POST /contacts/export takes at most 100 ids per filter, so larger selections
 * are fetched in slices and joined (one header).
 */
export async function exportIds(ids: string[], filename: string): Promise<void> {
  const token = () => $session.get()?.token ?? '';
  const parts: string[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const res = await fetch(`${V1}/contacts/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { ids: ids.slice(i, i + 100), deleted: 'include' } }),
    });
    if (!res.ok) {
      const e = (await res.json().catch(() => undefined)) as
        | { error?: { code?: string; message?: string } }
        | undefined;
      throw new ApiError(e?.error?.code ?? `http_${res.status}`, res.status, e?.error?.message ?? res.statusText);
    }
    const text = (await res.text()).replace(/^\uFEFF/, '');
    parts.push(i === 0 ? text : text.slice(text.indexOf('\n') + 1));
  }
  saveBlob(new Blob([`\uFEFF${parts.join('')}`], { type: 'text/csv;charset=utf-8' }), filename);
}

/**
 * Follows a background job until it ends: realtime on the `jobs` record, with GET /jobs/{id} polling as
 * the fallback (and the source of truth at the start and the end).
 */
export function watchJob(id: string, onUpdate: (job: Job) => void): { done: Promise<Job>; stop: () => void } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsub: (() => Promise<void>) | undefined;
  let finish!: (j: Job) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<Job>((res, rej) => ((finish = res), (fail = rej)));
  const terminal = (s: string) => s === 'succeeded' || s === 'failed' || s === 'cancelled';
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    void unsub?.().catch(() => undefined);
  };
  const seen = (job: Job) => {
    if (stopped) return;
    onUpdate(job);
    if (terminal(job.state)) {
      stop();
      finish(job);
    }
  };
  let failures = 0;
  const poll = async () => {
    if (stopped) return;
    try {
      seen(await crm.job(id));
      failures = 0;
    } catch (err) {
      if (++failures > 5) {
        stop();
        fail(err);
        return;
      }
    }
    if (!stopped) timer = setTimeout(() => void poll(), 1200);
  };
  pb.collection('jobs')
    .subscribe<Job>(id, (e) => seen(e.record))
    .then(
      (u) => {
        if (stopped) void u().catch(() => undefined);
        else unsub = u;
      },
      () => undefined,
    );
  void poll();
  return { done, stop };
}
