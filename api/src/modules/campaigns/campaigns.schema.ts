/** Contract B (/work/briefs/contracts.md): the campaigns API's bodies and answers, one source for the OpenAPI document. */
import { z } from '@hono/zod-openapi';
import { ContactFilterSchema } from '../contacts/contacts.schema.ts';
import { CAMPAIGN_STATES, EXCLUSION_REASONS, RECIPIENT_STATES, type ExclusionReason } from './campaign-rules.ts';

const Id = z.string().regex(/^[a-z0-9]{15}$/, 'not a record id');

export const TemplateContent = z
  .object({
    name: z.string().min(1).max(512),
    language: z.string().max(20).optional().openapi({ description: 'left out: resolved per recipient' }),
    params: z
      .record(z.string().max(60), z.string().max(1000))
      .optional()
      .openapi({
        description:
          'per parameter key ("1", "first_name"): a fixed value or {{contact.first_name|Fallback}}, ' +
          '{{contact.name}}, {{contact.fields.X}}; keys left out use the template mapping',
      }),
    header: z
      .object({
        link: z
          .string()
          .max(2000)
          .url()
          .refine((u) => u.startsWith('https://'), 'must be an https:// link'),
      })
      .strict()
      .optional(),
  })
  .strict();

export const TextContent = z
  .object({
    body: z.string().min(1).max(4096),
    buttons: z.array(z.string().min(1).max(20)).max(3).optional(),
  })
  .strict();

export const Audience = z
  .object({
    lists: z.array(Id).max(50).optional(),
    tags: z.array(Id).max(50).optional(),
    view: Id.optional(),
    filter: ContactFilterSchema.optional(),
  })
  .strict();

export const Schedule = z.union([
  z.object({ at: z.string().datetime({ offset: true }) }).strict(),
  z
    .object({
      cron: z.string().min(9).max(100),
      timezone: z.string().min(1).max(60),
      until: z.string().datetime({ offset: true }).optional(),
    })
    .strict(),
]);

const contentRefine = (b: { template?: unknown; text?: unknown }, ctx: z.RefinementCtx) => {
  if (!!b.template === !!b.text)
    ctx.addIssue({ code: 'custom', path: ['template'], message: 'give either a template or a text, not both' });
};

const CreateFields = {
  name: z.string().trim().min(1).max(200),
  number: Id.optional(),
  template: TemplateContent.optional(),
  text: TextContent.optional(),
  audience: Audience,
  schedule: Schedule.optional(),
};

export const CreateBody = z.object(CreateFields).strict().superRefine(contentRefine).openapi('CampaignCreate');
export type CreateBody = z.infer<typeof CreateBody>;

/** The wizard counts the audience before any content is chosen: the preview takes neither (never both). */
const previewRefine = (b: { template?: unknown; text?: unknown }, ctx: z.RefinementCtx) => {
  if (b.template && b.text)
    ctx.addIssue({ code: 'custom', path: ['template'], message: 'give either a template or a text, not both' });
};

export const PreviewBody = z
  .object({ ...CreateFields, name: CreateFields.name.optional() })
  .strict()
  .superRefine(previewRefine)
  .openapi('CampaignPreviewRequest');
export type PreviewBody = z.infer<typeof PreviewBody>;

export const PatchBody = z
  .object({
    name: CreateFields.name.optional(),
    number: Id.optional(),
    template: TemplateContent.nullable().optional(),
    text: TextContent.nullable().optional(),
    audience: Audience.optional(),
    schedule: Schedule.nullable().optional(),
  })
  .strict()
  .openapi('CampaignPatch');
export type PatchBody = z.infer<typeof PatchBody>;

const Excluded = z.object(
  Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, z.number().int()])) as Record<ExclusionReason, z.ZodNumber>,
);

export const Estimate = z.object({
  duration_s: z.number(),
  cost: z.object({ currency: z.string(), amount: z.number() }),
});

export const Stats = z.object({
  audience: z.number().int(),
  excluded: Excluded,
  queued: z.number().int(),
  waiting_limit: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  replied: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int().openapi({ description: 'not sent: the campaign was cancelled before their turn' }),
  buttons: z.record(z.string(), z.number().int()),
});
export type Stats = z.infer<typeof Stats>;

export const CampaignView = z
  .object({
    id: z.string(),
    name: z.string(),
    state: z.enum(CAMPAIGN_STATES),
    number: z.string(),
    template: TemplateContent.nullable(),
    text: TextContent.nullable(),
    audience: Audience,
    schedule: Schedule.nullable(),
    next_run_at: z.string(),
    occurrence: z.number().int(),
    resume_at: z.string(),
    estimate: Estimate.nullable(),
    stats: Stats,
    error: z.string(),
    created: z.string(),
    updated: z.string(),
  })
  .openapi('Campaign');
export type CampaignView = z.infer<typeof CampaignView>;

export const PreviewView = z
  .object({
    audience: z.number().int(),
    excluded: Excluded,
    sample: z.array(
      z.object({
        contact_id: z.string(),
        name: z.string(),
        phone: z.string(),
        language: z.string(),
        preview: z.string(),
      }),
    ),
    estimate: Estimate,
  })
  .openapi('CampaignPreview');

export const TestBody = z.object({ phone: z.string().min(5).max(30) }).strict();

export const RecipientsQuery = z.object({
  state: z.enum(RECIPIENT_STATES).optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(500).default(50),
  occurrence: z.coerce.number().int().min(0).optional(),
});

export const RecipientView = z.object({
  contact_id: z.string(),
  name: z.string(),
  phone: z.string(),
  language: z.string(),
  state: z.enum(RECIPIENT_STATES),
  excluded_reason: z.string(),
  error_code: z.number().int(),
  error_text: z.string(),
  sent_at: z.string(),
  delivered_at: z.string(),
  read_at: z.string(),
  replied_at: z.string(),
  button: z.string(),
});

export const RatesBody = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/),
    source_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: z.string().max(500),
    rates: z.record(
      z.string().regex(/^([A-Z]{2}|\*)$/),
      z
        .object({
          marketing: z.number().min(0).max(10).optional(),
          utility: z.number().min(0).max(10).optional(),
          authentication: z.number().min(0).max(10).optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .openapi('CampaignRates');
