/**
 * The admin's getting-started checklist: the server reads five steps from real data; business hours come
 * from their own module (GET /api/v1/business-hours), where "not configured" or a 404 means not done yet.
 */
import { atom } from 'nanostores';
import { api, ApiError } from '../../lib/api.ts';

export type StepKey = 'whatsapp' | 'team' | 'contacts' | 'template' | 'hours' | 'notifications';
export interface Step {
  key: StepKey;
  done: boolean;
  href: string;
  external?: boolean;
}
export interface Checklist {
  dismissed: boolean;
  steps: Step[];
}

const ORDER: StepKey[] = ['whatsapp', 'team', 'contacts', 'template', 'hours', 'notifications'];
const HREF: Record<StepKey, string> = {
  whatsapp: '#/settings/whatsapp',
  team: '#/settings/team',
  contacts: '#/contacts/import',
  // templates are written in Meta's WhatsApp Manager, then synced here
  template: 'https://business.facebook.com/wa/manage/message-templates/',
  hours: '#/settings/hours',
  notifications: '#/settings/notifications',
};

export const $checklist = atom<Checklist | null>(null);

/** Configured when the module says so, else when some day has opening ranges. */
export function hoursConfigured(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  if (typeof b.configured === 'boolean') return b.configured;
  const anyRange = (v: unknown, depth = 0): boolean => {
    if (depth > 4 || !v || typeof v !== 'object') return false;
    if (Array.isArray(v)) return v.length > 0 && v.some((x) => typeof x === 'object' || typeof x === 'string');
    return Object.values(v).some((x) => anyRange(x, depth + 1));
  };
  return anyRange(b.week ?? b.days ?? b.schedule ?? b.ranges ?? b.hours);
}

async function hoursDone(): Promise<boolean> {
  try {
    return hoursConfigured(await api<unknown>('/api/v1/business-hours'));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return false;
    return false;
  }
}

export async function loadChecklist(): Promise<Checklist | null> {
  try {
    const [server, hours] = await Promise.all([
      api<{ dismissed: boolean; steps: Array<{ key: StepKey; done: boolean }> }>('/api/v1/setup/checklist'),
      hoursDone(),
    ]);
    const done = new Map(server.steps.map((s) => [s.key, s.done]));
    done.set('hours', hours);
    const list: Checklist = {
      dismissed: server.dismissed,
      steps: ORDER.map((key) => ({
        key,
        done: done.get(key) ?? false,
        href: HREF[key],
        ...(key === 'template' ? { external: true } : {}),
      })),
    };
    $checklist.set(list);
    return list;
  } catch {
    return $checklist.get();
  }
}

export async function setDismissed(dismissed: boolean): Promise<void> {
  const cur = $checklist.get();
  if (cur) $checklist.set({ ...cur, dismissed });
  await api('/api/v1/setup/checklist', { method: 'PUT', body: { dismissed } });
}
