/** Bodies and views of /api/v1/templates: the create body is Meta's own create payload, text may use %%FIELD%%. */
import { z } from '@hono/zod-openapi';

const text = (max: number) => z.string().max(max);

const Button = z
  .object({
    type: z.string().max(20).describe('QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE'),
    text: text(100).optional(),
    url: text(2000).optional().describe('may end with one variable: {{1}} or %%FIELD%%'),
    phone_number: text(30).optional(),
    example: z.union([text(2000), z.array(text(2000)).max(1)]).optional(),
    otp_type: z.string().max(20).optional().describe('OTP buttons (authentication): COPY_CODE or ONE_TAP'),
    autofill_text: text(100).optional(),
    supported_apps: z
      .array(z.object({ package_name: text(300), signature_hash: text(100) }))
      .max(5)
      .optional(),
  })
  .passthrough();

export const Component = z
  .object({
    type: z.string().max(20).describe('HEADER, BODY, FOOTER or BUTTONS'),
    format: z.string().max(20).optional().describe('HEADER: TEXT, IMAGE, VIDEO or DOCUMENT'),
    text: text(4096).optional().describe('placeholders as %%FIRST_NAME%% (contact fields), {{name}} or {{1}}'),
    example: z.record(z.string(), z.unknown()).optional(),
    buttons: z.array(Button).max(20).optional(),
    add_security_recommendation: z
      .boolean()
      .optional()
      .describe('authentication BODY: Meta adds its security recommendation'),
    code_expiration_minutes: z.number().optional().describe('authentication FOOTER: 1 to 90'),
  })
  .passthrough()
  .openapi('TemplateComponent');

const Mapping = z
  .record(
    z.string().max(100),
    z.union([
      z.object({ source: z.literal('field'), field: text(60), fallback: text(200).optional() }),
      z.object({ source: z.literal('value'), value: text(1000) }),
    ]),
  )
  .openapi('TemplateMapping', {
    description:
      'Per parameter (first_name, url_0…): a contact field (with a fallback when it is empty) or a fixed value',
  });

const Examples = z.record(z.string().max(100), text(1000)).describe("Sample value per parameter, for Meta's review");

export const CreateTemplateBody = z
  .object({
    name: text(512),
    category: z.string().max(20).describe('MARKETING, UTILITY or AUTHENTICATION'),
    language: z.string().max(20).describe('Meta language code: it, en_US…'),
    parameter_format: z.enum(['named', 'positional', 'NAMED', 'POSITIONAL']).optional(),
    components: z.array(Component).max(4),
    examples: Examples.optional(),
    mapping: Mapping.optional(),
    default_language: z.string().max(20).optional(),
    waba_id: z
      .string()
      .regex(/^\d+$/)
      .max(40)
      .optional()
      .describe("WhatsApp Business Account (default: the default number's)"),
  })
  .openapi('CreateTemplate');

export const PatchTemplateBody = z
  .object({
    category: z.string().max(20).optional(),
    components: z.array(Component).max(4).optional(),
    examples: Examples.optional(),
    mapping: Mapping.optional(),
    default_language: z.string().max(20).optional(),
  })
  .openapi('PatchTemplate');

export const SubmitBody = z
  .object({
    all_languages: z.boolean().optional().describe('submit every draft translation of the template'),
    allow_category_change: z
      .boolean()
      .optional()
      .describe("let Meta re-categorise instead of rejecting (Meta's allow_category_change)"),
  })
  .openapi('SubmitTemplate');

export const DuplicateBody = z.object({ name: text(512) }).openapi('DuplicateTemplate');

const Issue = z.object({
  rule: z.string(),
  path: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const TemplateView = z
  .object({
    id: z.string(),
    waba_id: z.string(),
    meta_id: z.string(),
    name: z.string(),
    language: z.string(),
    category: z.string(),
    status: z.string(),
    parameter_format: z.string(),
    components: z.unknown(),
    draft_components: z.unknown(),
    examples: z.unknown(),
    mapping: z.unknown(),
    default_language: z.string(),
    quality_score: z.string(),
    rejected_reason: z.string(),
    rejection_recommendation: z.string(),
    status_detail: z.string(),
    history: z.unknown(),
    header_sample: z.string(),
  })
  .passthrough()
  .openapi('Template');

export const TemplateDetail = z
  .object({
    template: TemplateView,
    translations: z.array(TemplateView),
    issues: z.array(Issue),
    next_edit_at: z.string().nullable(),
  })
  .openapi('TemplateDetail');

export const ListQuery = z.object({
  status: z.string().max(30).optional().openapi({ description: 'e.g. APPROVED' }),
  name: z.string().max(512).optional(),
});
