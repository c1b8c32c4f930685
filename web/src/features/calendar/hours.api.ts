/** /api/v1/business-hours from the web: the shapes the server answers (see business-hours.schema.ts). */
import type {
  BusinessHours,
  HolidaySpec,
  TimeRange,
  Weekday,
} from '../../../../api/src/modules/calendar/business-calendar.ts';
import { api } from '../../lib/api.ts';

export type { BusinessHours, HolidaySpec, TimeRange, Weekday };

export interface HoursStatus {
  open: boolean;
  holiday: string | null;
  next: { at: string; open: boolean } | null;
}

export interface HoursAnswer extends Required<BusinessHours> {
  scope: 'global' | 'number';
  number: string | null;
  configured: boolean;
  status: HoursStatus;
  preset_holidays: Array<{ date: string; name: string }>;
}

export const loadHours = () => api<HoursAnswer>('/api/v1/business-hours');
export const saveHours = (h: BusinessHours) => api<HoursAnswer>('/api/v1/business-hours', { method: 'PUT', body: h });
export const loadStatus = () =>
  api<HoursStatus & { configured: boolean; timezone: string }>('/api/v1/business-hours/status');
export const loadPresets = () =>
  api<{ countries: Array<{ code: string; name: string }> }>('/api/v1/business-hours/presets');

/** /api/v1/out-of-hours: the server's own settings type (the rules module is pure, shared like the calendar). */
export type { OutOfHoursSettings as OutOfHours } from '../../../../api/src/modules/out-of-hours/out-of-hours.rules.ts';
import type { OutOfHoursSettings as OutOfHours } from '../../../../api/src/modules/out-of-hours/out-of-hours.rules.ts';
export const loadOutOfHours = () => api<OutOfHours>('/api/v1/out-of-hours');
export const saveOutOfHours = (s: OutOfHours) => api<OutOfHours>('/api/v1/out-of-hours', { method: 'PUT', body: s });
