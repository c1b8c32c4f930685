/**
 * When a recurring work item runs next. Calendar schedules are cron expressions evaluated in an IANA
 * time zone by croner ("0 9 * * 1-5" in Europe/Rome is 08:00 UTC in winter and 07:00 UTC in summer; on
 * the spring-forward day a time in the missing hour runs at the first instant after it, and in the
 * autumn a time in the repeated hour runs once). Fixed periods ({ everyMs }) ignore calendars.
 */
import { Cron } from 'croner';
import { z } from 'zod';

export const RecurrenceSchema = z.union([
  z.object({ cron: z.string().min(1).max(120), timezone: z.string().min(1).max(64) }).strict(),
  z.object({ everyMs: z.number().int().min(1000) }).strict(),
]);
export type Recurrence = z.infer<typeof RecurrenceSchema>;

const crons = new Map<string, Cron>();

function cronOf(spec: { cron: string; timezone: string }): Cron {
  const key = `${spec.timezone} ${spec.cron}`;
  let c = crons.get(key);
  if (!c) {
    // paused: used only to compute instants, never to fire callbacks
    c = new Cron(spec.cron, { timezone: spec.timezone, paused: true });
    crons.set(key, c);
  }
  return c;
}

/** Throws a readable error for a bad cron expression or time zone (used to validate before storing). */
export function checkRecurrence(spec: Recurrence): void {
  if ('everyMs' in spec) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: spec.timezone });
  } catch {
    throw new Error(`unknown time zone ${spec.timezone}`);
  }
  cronOf(spec);
}

/** The first run strictly after `after` (epoch ms); undefined when the schedule never runs again. */
export function nextRunAfter(spec: Recurrence, after: number): number | undefined {
  if ('everyMs' in spec) return after + spec.everyMs;
  const next = cronOf(spec).nextRun(new Date(after));
  return next ? next.getTime() : undefined;
}
