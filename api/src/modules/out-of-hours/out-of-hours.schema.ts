/** Request and response shape of /api/v1/out-of-hours. */
import { z } from '@hono/zod-openapi';

const Text = z.string().max(1024, 'a reply is at most 1024 characters');
const Lang = z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, 'a language is an ISO 639-1 code such as en (or en-GB)');
const Texts = z.record(Lang, Text).refine((t) => Object.keys(t).length <= 50, 'at most 50 languages');

export const OutOfHoursInput = z
  .object({
    enabled: z.boolean(),
    text: Text.default('').openapi({
      description: 'The reply while closed',
      example: 'Siamo chiusi: rispondiamo dalle 9.',
    }),
    holiday_text: Text.default('').openapi({
      description: 'The reply on a holiday (empty: the closed reply)',
      example: 'Oggi siamo chiusi per festività.',
    }),
    texts: Texts.default({}).openapi({
      description: 'The closed reply per contact language',
      example: { en: 'We are closed…' },
    }),
    holiday_texts: Texts.default({}).openapi({ description: 'The holiday reply per contact language' }),
    grace_seconds: z.number().int().min(0).max(3600).default(5).openapi({
      description: 'Wait this long before replying; nothing is sent if someone (or an automation) answered meanwhile',
    }),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.enabled && !s.text.trim() && !Object.values(s.texts).some((t) => t.trim())) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'an enabled out-of-hours reply needs a text' });
    }
  })
  .openapi('OutOfHoursInput');

export const OutOfHoursOutput = z
  .object({
    enabled: z.boolean(),
    text: z.string(),
    holiday_text: z.string(),
    texts: z.record(z.string(), z.string()),
    holiday_texts: z.record(z.string(), z.string()),
    grace_seconds: z.number(),
  })
  .openapi('OutOfHours');
