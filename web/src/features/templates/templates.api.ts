/** /api/v1/templates (the studio) and the contact fields offered as placeholders. */
import type { ParamMapping, TplComponent } from '../../../../api/src/modules/templates/template-placeholders.ts';
import type { RuleIssue } from '../../../../api/src/modules/templates/template-rules.ts';
import { api } from '../../lib/api.ts';
import type { TemplateRow } from './editor-state.ts';

const V1 = '/api/v1/templates';
const j = encodeURIComponent;

export interface TemplateDetail {
  template: TemplateRow;
  translations: TemplateRow[];
  issues: RuleIssue[];
  next_edit_at: string | null;
}

export interface DraftBody {
  name?: string;
  category?: string;
  language?: string;
  components?: TplComponent[];
  examples?: Record<string, string>;
  mapping?: ParamMapping;
  default_language?: string;
}

export const templatesApi = {
  list: () => api<{ items: TemplateRow[] }>(V1).then((r) => r.items),
  get: (id: string) => api<TemplateDetail>(`${V1}/${j(id)}`),
  create: (body: DraftBody) => api<TemplateDetail>(V1, { body }),
  patch: (id: string, body: DraftBody) => api<TemplateDetail>(`${V1}/${j(id)}`, { method: 'PATCH', body }),
  submit: (id: string, allowCategoryChange: boolean) =>
    api<{ items: TemplateRow[] }>(`${V1}/${j(id)}/submit`, {
      body: { all_languages: true, allow_category_change: allowCategoryChange },
    }),
  duplicate: (id: string, name: string) =>
    api<{ items: TemplateRow[] }>(`${V1}/${j(id)}/duplicate`, { body: { name } }),
  remove: (id: string, all: boolean) =>
    api<{ deleted: number; name_reusable_at?: string }>(`${V1}/${j(id)}${all ? '?all=true' : ''}`, {
      method: 'DELETE',
    }),
  sample: (id: string, file: File) => {
    const form = new FormData();
    form.set('file', file);
    return api<TemplateDetail>(`${V1}/${j(id)}/sample`, { form });
  },
  fields: () =>
    api<{ items: Array<{ key: string; label: string }> }>('/api/v1/fields')
      .then((r) => r.items)
      .catch(() => []),
};

/** The saved header sample, served by PocketBase through the /pb proxy. */
export const sampleUrl = (row: Pick<TemplateRow, 'id' | 'header_sample'>) =>
  row.header_sample ? `/pb/api/files/templates/${row.id}/${j(row.header_sample)}` : '';
