/** /api/v1/automations from the web. */
import { api } from '../../lib/api.ts';
import type { Automation, AutomationBody, AutomationPatch, Report, Simulation } from './automations.types.ts';

const V1 = '/api/v1/automations';
const j = encodeURIComponent;

export type AutomationAction = 'activate' | 'pause' | 'duplicate';

export const automationsApi = {
  list: () => api<{ items: Automation[] }>(V1).then((r) => r.items),
  get: (id: string) => api<Automation>(`${V1}/${j(id)}`),
  create: (body: AutomationBody) => api<Automation>(V1, { body }),
  patch: (id: string, body: AutomationPatch) => api<Automation>(`${V1}/${j(id)}`, { method: 'PATCH', body }),
  remove: (id: string) => api(`${V1}/${j(id)}`, { method: 'DELETE' }),
  act: (id: string, action: AutomationAction) => api<Automation>(`${V1}/${j(id)}/${action}`, { method: 'POST' }),
  simulate: (id: string, contact: string, text?: string) =>
    api<Simulation>(`${V1}/${j(id)}/simulate`, { body: { contact, ...(text ? { text } : {}) } }),
  report: (id: string) => api<Report>(`${V1}/${j(id)}/report`),
  /** a contact's runs, newest first */
  runsOf: (contact: string) =>
    api<{ items: ContactRun[] }>(`/api/v1/contacts/${j(contact)}/automations`).then((r) => r.items),
  /** takes the contact out of one automation, or of all */
  exit: (contact: string, automation?: string) =>
    api<{ ended: number }>(
      `/api/v1/contacts/${j(contact)}/automations${automation ? `?automation=${j(automation)}` : ''}`,
      { method: 'DELETE' },
    ),
};

export interface ContactRun {
  id: string;
  automation: string;
  state: 'running' | 'waiting' | 'held' | 'completed' | 'exited';
  open_key: string;
  step: string;
  started_at: number;
}
