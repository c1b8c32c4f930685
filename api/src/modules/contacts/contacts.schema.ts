/** Request and response shapes of the contacts API (zod, also the OpenAPI document). */
import { z } from '@hono/zod-openapi';

export const Id = z.string().regex(/^[a-z0-9]{15}$/, 'not a record id');
export const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });
export const FieldKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'a key like BIRTHDAY_DATE (A-Z, 0-9, _)');
const Language = z
  .string()
  .max(10)
  .regex(/^([a-z]{2}(_[A-Z]{2})?)?$/, 'language: a code like "it" or "en_US"');
const Country = z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code like IT');

export const FieldCondition = z
  .object({
    key: FieldKey,
    op: z.enum(['eq', 'neq', 'contains', 'before', 'after', 'gt', 'lt', 'empty', 'not_empty']),
    value: z.union([z.string().max(200), z.number(), z.boolean()]).optional(),
  })
  .openapi('FieldCondition');

/** One filter for list, bulk actions, export and "add to list by filter"; all conditions are ANDed. */
export const ContactFilterSchema = z
  .object({
    ids: z
      .array(Id)
      .max(100)
      .optional()
      .openapi({ description: 'at most 100 (PocketBase filter size); bulk actions take up to 5,000 ids' }),
    tags: z.array(Id).max(50).optional(),
    tags_mode: z
      .enum(['any', 'all'])
      .optional()
      .openapi({ description: 'contacts with any (default) or all of the tags' }),
    lists: z.array(Id).max(50).optional().openapi({ description: 'member of any of the lists' }),
    language: z.array(z.string().max(10)).max(20).optional(),
    phone: z.enum(['valid', 'invalid']).optional(),
    consent: z.enum(['opted_in', 'opted_out', 'none']).optional(),
    blocked: z.boolean().optional(),
    deleted: z
      .enum(['exclude', 'include', 'only'])
      .optional()
      .openapi({ description: 'default exclude; "only" = only deleted contacts' }),
    owner: z.string().max(30).optional().openapi({ description: "'me', 'none' or a user id" }),
    q: z.string().max(100).optional().openapi({ description: 'search name, phone or email' }),
    fields: z.array(FieldCondition).max(20).optional(),
  })
  .strict()
  .openapi('ContactFilter');
export type ContactFilter = z.infer<typeof ContactFilterSchema>;

export const ContactListQuery = z.object({
  tag: z.string().max(1000).optional().openapi({ description: 'tag ids, comma separated' }),
  tags_mode: z.enum(['any', 'all']).optional(),
  list: z.string().max(1000).optional().openapi({ description: 'list ids, comma separated' }),
  language: z.string().max(200).optional().openapi({ description: 'language codes, comma separated' }),
  phone: z.enum(['valid', 'invalid']).optional(),
  consent: z.enum(['opted_in', 'opted_out', 'none']).optional(),
  blocked: z.enum(['true', 'false']).optional(),
  deleted: z.enum(['exclude', 'include', 'only']).optional(),
  owner: z.string().max(30).optional(),
  q: z.string().max(100).optional(),
  where: z
    .string()
    .max(5000)
    .optional()
    .openapi({ description: 'custom-field conditions as a JSON array of {key, op, value}' }),
  view: Id.optional().openapi({ description: 'a saved view; explicit parameters override its filter' }),
  sort: z.enum(['-created', 'created', 'name', '-name', '-last_contacted_at', 'last_contacted_at']).default('-created'),
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(500).default(50),
  total: z.enum(['true', 'false']).default('true').openapi({
    description:
      'false: skip counting (totalItems and totalPages are -1) — a page of a large filtered set comes back much sooner; ask GET /contacts/count for the total',
  }),
});

const FieldValues = z.record(FieldKey, z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]));
const OptIn = z.object({
  source: z.string().max(200).default(''),
  method: z.enum(['manual', 'api', 'web_form', 'import', 'keyword', 'other']).default('api'),
  scope: z.enum(['marketing', 'utility', 'all']).default('marketing'),
  at: z.string().datetime({ offset: true }).optional(),
  note: z.string().max(1000).optional(),
});

export const ContactPatch = z
  .object({
    first_name: z.string().max(100).optional(),
    last_name: z.string().max(100).optional(),
    name: z.string().max(200).optional(),
    email: z.string().max(200).optional(),
    language: Language.optional(),
    notes: z.string().max(5000).optional(),
    owner: Id.nullable().optional(),
    fields: FieldValues.optional().openapi({ description: 'merged into the existing values; null clears one' }),
    tags: z.array(Id).max(200).optional(),
    lists: z.array(Id).max(500).optional(),
  })
  .strict();

/** A new contact (or an upsert by phone): what a patch may set, plus the phone and an opt-in. */
export const ContactInput = ContactPatch.extend({
  phone: z.string().min(1).max(40),
  default_country: Country.optional().openapi({ description: 'for a number written without +prefix' }),
  opt_in: OptIn.optional(),
}).strict();
export type ContactInputT = z.infer<typeof ContactInput>;

export type ContactPatchT = z.infer<typeof ContactPatch>;

export const ConsentInput = z.object({
  kind: z.enum(['opt_in', 'opt_out']),
  method: z.enum(['manual', 'api', 'web_form', 'import', 'keyword', 'other']).default('manual'),
  source: z.string().max(200).default(''),
  scope: z.enum(['marketing', 'utility', 'all']).default('marketing'),
  note: z.string().max(1000).optional(),
});

export const BulkAction = z
  .object({
    action: z.enum(['tag', 'untag', 'add_to_list', 'remove_from_list', 'delete', 'restore', 'block', 'unblock']),
    tag: Id.optional(),
    list: Id.optional(),
    ids: z.array(Id).min(1).max(5000).optional(),
    filter: ContactFilterSchema.optional().openapi({ description: 'all contacts matching the filter (run as a job)' }),
  })
  .refine((b) => !!b.ids !== !!b.filter, 'give either ids or filter')
  .refine((b) => !['tag', 'untag'].includes(b.action) || !!b.tag, 'tag is required for tag/untag')
  .refine(
    (b) => !['add_to_list', 'remove_from_list'].includes(b.action) || !!b.list,
    'list is required for list actions',
  );
export type BulkActionT = z.infer<typeof BulkAction>;

export const ContactSchema = z
  .object({
    id: z.string(),
    phone: z.string(),
    wa_id: z.string(),
    profile_name: z.string(),
    name: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    email: z.string(),
    language: z.string(),
    country: z.string(),
    phone_valid: z.boolean(),
    owner: z.string(),
    notes: z.string(),
    fields: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    lists: z.array(z.string()),
    marketing_allowed: z.boolean(),
    opted_in_at: z.string(),
    opted_out_at: z.string(),
    blocked: z.boolean(),
    deleted_at: z.string(),
    last_contacted_at: z.string(),
    created: z.string(),
    updated: z.string(),
  })
  .passthrough()
  .openapi('Contact');

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
export const body = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
export const Page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    page: z.number(),
    perPage: z.number(),
    totalItems: z.number(),
    totalPages: z.number(),
    items: z.array(item),
  });
