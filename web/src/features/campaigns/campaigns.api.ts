/** /api/v1/campaigns from the web (contract B). */
import { api, qs } from '../../lib/api.ts';
import { download } from '../contacts/crm.api.ts';
import type { CreateBody, PatchBody } from '../../../../api/src/modules/campaigns/campaigns.schema.ts';
import type { RateTable } from '../../../../api/src/modules/campaigns/campaign-rules.ts';
import type { Campaign, CampaignBody, CampaignPreview, RecipientPage } from './campaigns.types.ts';

const V1 = '/api/v1/campaigns';
const j = encodeURIComponent;

export type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel' | 'duplicate';

export interface RecipientQuery {
  state?: string;
  q?: string;
  page?: number;
  perPage?: number;
}

export const campaignsApi = {
  list: () => api<{ items: Campaign[] }>(V1).then((r) => r.items),
  get: (id: string) => api<Campaign>(`${V1}/${j(id)}`),
  create: (body: CreateBody) => api<Campaign>(V1, { body }),
  patch: (id: string, body: PatchBody) => api<Campaign>(`${V1}/${j(id)}`, { method: 'PATCH', body }),
  remove: (id: string) => api(`${V1}/${j(id)}`, { method: 'DELETE' }),
  act: (id: string, action: CampaignAction) => api<Campaign>(`${V1}/${j(id)}/${action}`, { method: 'POST' }),
  preview: (body: CampaignBody, signal?: AbortSignal) =>
    api<CampaignPreview>(`${V1}/preview`, { body, ...(signal ? { signal } : {}) }),
  test: (id: string, phone: string) => api<unknown>(`${V1}/${j(id)}/test`, { body: { phone } }),
  recipients: (id: string, q: RecipientQuery, signal?: AbortSignal) =>
    api<RecipientPage>(`${V1}/${j(id)}/recipients${qs({ ...q })}`, signal ? { signal } : {}),
  /** The rate card the cost estimates use (admins and managers read it; only admins replace it). */
  rates: () => api<RateTable>(`${V1}/rates`),
  setRates: (body: RateTable) => api<RateTable>(`${V1}/rates`, { method: 'PUT', body }),
  /** The recipients table as CSV (the same filters), saved by the browser. */
  downloadCsv: (id: string, q: RecipientQuery, filename: string) =>
    download(`${V1}/${j(id)}/recipients.csv${qs({ state: q.state, q: q.q })}`, filename),
};
