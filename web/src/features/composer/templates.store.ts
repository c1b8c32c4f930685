/** Approved templates, loaded once per session on first use (picker, or a sent template to render). */
import { atom } from 'nanostores';
import { api } from '../../lib/api.ts';
import type { Template } from '../../lib/types.ts';

export const $templates = atom<Template[]>([]);
let loading: Promise<void> | undefined;

export function loadTemplates(force = false): Promise<void> {
  if (loading && !force) return loading;
  loading = api<{ items: Template[] }>('/api/v1/templates?status=APPROVED')
    .then((r) => $templates.set(r.items))
    .catch(() => {
      loading = undefined;
    });
  return loading;
}
