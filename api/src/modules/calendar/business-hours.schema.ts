/** Request and response shapes of /api/v1/business-hours (validated here; the rules live in business-calendar.ts). */
import { z } from '@hono/zod-openapi';
import { validateHours, WEEKDAYS, type BusinessHours } from './business-calendar.ts';
import { isPresetCountry } from './holiday-presets.ts';

const Time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is HH:MM (00:00–23:59; 24:00 may end a range)');
const Range = z
  .tuple([Time, Time])
  .openapi({ description: 'start, end; an end not after the start runs past midnight', example: ['09:00', '13:00'] });
const Day = z.array(Range).max(12);
const Weekly = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, Day.optional()])) as Record<
      (typeof WEEKDAYS)[number],
      z.ZodOptional<typeof Day>
    >,
  )
  .strict()
  .openapi({ description: 'Open ranges per weekday (mon … sun); a day left out is closed' });
const DateStr = z.string().regex(/^\d{4}-\d\d-\d\d$/, 'a date is YYYY-MM-DD');
const Holiday = z
  .object({
    date: DateStr.optional(),
    from: DateStr.optional(),
    to: DateStr.optional(),
    name: z.string().max(100).optional(),
    yearly: z.boolean().optional().openapi({ description: 'repeats every year (the year is ignored)' }),
  })
  .strict();

/** Fields the GET answer adds; a client may send them back unchanged, they are ignored. */
const readOnly = {
  scope: z.unknown().optional(),
  number: z.unknown().optional(),
  configured: z.unknown().optional(),
  status: z.unknown().optional(),
  preset_holidays: z.unknown().optional(),
};

export const BusinessHoursInput = z
  .object({
    timezone: z.string().min(1).max(64).openapi({ example: 'Europe/Rome' }),
    weekly: Weekly,
    holidays: z.array(Holiday).max(500).default([]),
    national_holidays: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a country code such as IT')
      .nullable()
      .optional()
      .openapi({ description: 'adds the national public holidays of this country (date-holidays)' }),
    ...readOnly,
  })
  .strict()
  .superRefine((h, ctx) => {
    for (const i of validateHours(h as BusinessHours))
      ctx.addIssue({ code: 'custom', message: i.message, path: i.path.split('.') });
    if (h.national_holidays && !isPresetCountry(h.national_holidays)) {
      ctx.addIssue({
        code: 'custom',
        message: `no national holidays known for ${h.national_holidays}`,
        path: ['national_holidays'],
      });
    }
  })
  .openapi('BusinessHoursInput');

export const CalendarStatus = z
  .object({
    open: z.boolean(),
    holiday: z.string().nullable(),
    next: z.object({ at: z.string().openapi({ description: 'ISO instant' }), open: z.boolean() }).nullable(),
  })
  .openapi('BusinessHoursStatus');

export const BusinessHoursOutput = z
  .object({
    timezone: z.string(),
    weekly: Weekly,
    holidays: z.array(Holiday),
    national_holidays: z.string().nullable(),
    scope: z
      .enum(['global', 'number'])
      .openapi({ description: 'whose hours these are: the number’s own, or the global ones it falls back to' }),
    number: z.string().nullable(),
    configured: z
      .boolean()
      .openapi({ description: 'false until an admin saves hours (then everything reads as closed)' }),
    status: CalendarStatus,
    preset_holidays: z
      .array(z.object({ date: z.string(), name: z.string() }))
      .openapi({ description: 'the preset’s holidays this year and next' }),
  })
  .openapi('BusinessHours');

export const NumberQuery = z.object({
  number: z
    .string()
    .regex(/^[a-z0-9]{15}$/, 'not a WhatsApp number id')
    .optional()
    .openapi({
      param: { name: 'number', in: 'query' },
      description: 'a WhatsApp number (wa_numbers id): its own hours, falling back to the global ones',
    }),
});
