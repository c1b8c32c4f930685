/**
 * An automation's definition (issue 15): a trigger and a vertical flow of steps, each with "when" and an
 * optional condition; `branch` and `wait_for_reply` hold lanes of steps. Plain JSON, one source for the
 * API's validation, the OpenAPI document and the builder. Tags and lists are named by id or by name (a name
 * that does not exist yet is created when the automation is saved).
 */
import { z } from '@hono/zod-openapi';
import { TemplateContent } from '../campaigns/campaigns.schema.ts';
import { FieldKey } from '../contacts/contacts.schema.ts';

const Ref = z.string().trim().min(1).max(100);
const Id = z.string().regex(/^[a-z0-9]{15}$/, 'not a record id');

export const Delay = z
  .object({
    seconds: z.number().int().min(0).max(86_400).optional(),
    minutes: z.number().int().min(0).max(100_000).optional(),
    hours: z.number().int().min(0).max(10_000).optional(),
    days: z.number().int().min(0).max(730).optional(),
  })
  .strict()
  .openapi('AutomationDelay', { description: 'added together; counted from the previous step' });

export const Condition = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('tag'), tag: Ref, not: z.boolean().optional() }).strict(),
    z.object({ type: z.literal('list'), list: Ref, not: z.boolean().optional() }).strict(),
    z
      .object({ type: z.literal('language'), language: z.string().min(2).max(20), not: z.boolean().optional() })
      .strict(),
    z
      .object({
        type: z.literal('field'),
        field: FieldKey,
        op: z.enum(['equals', 'not_equals', 'contains', 'empty', 'not_empty']),
        value: z.string().max(1000).optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('button'),
        text: z.string().min(1).max(200).openapi({ description: 'the tapped button: its payload, id or title' }),
      })
      .strict(),
  ])
  .openapi('AutomationCondition');
export type ConditionT = z.infer<typeof Condition>;

const ListRow = z
  .object({
    id: z.string().max(200).optional(),
    title: z.string().min(1).max(24),
    description: z.string().max(72).optional(),
  })
  .strict();

/** What a step does. `branch` and `wait_for_reply` hold lanes of steps (see Step). */
export const SimpleAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('send_template'), template: TemplateContent }).strict(),
  z
    .object({
      type: z.literal('send_text'),
      text: z.string().min(1).max(4096),
      buttons: z.array(z.string().min(1).max(20)).max(3).optional(),
      list: z
        .object({ button: z.string().min(1).max(20), rows: z.array(ListRow).min(1).max(10) })
        .strict()
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal('add_tag'), tag: Ref }).strict(),
  z.object({ type: z.literal('remove_tag'), tag: Ref }).strict(),
  z.object({ type: z.literal('add_to_list'), list: Ref }).strict(),
  z.object({ type: z.literal('remove_from_list'), list: Ref }).strict(),
  z
    .object({
      type: z.literal('assign'),
      user: Id.optional().openapi({ description: 'left out: round-robin among operators' }),
      online_only: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('unassign') }).strict(),
  z
    .object({
      type: z.literal('set_field'),
      field: FieldKey,
      value: z.string().max(1000).optional(),
      from: z.literal('next_message').optional().openapi({ description: "the customer's next message fills it" }),
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      url: z
        .string()
        .max(2000)
        .url()
        .refine((u) => u.startsWith('https://') || u.startsWith('http://'), 'must be an http(s) link'),
    })
    .strict(),
  z.object({ type: z.literal('block') }).strict(),
  z.object({ type: z.literal('restore') }).strict(),
  z.object({ type: z.literal('end_other_automations') }).strict(),
]);

export interface StepT {
  id?: string;
  after?: z.infer<typeof Delay>;
  business_hours?: boolean;
  if?: ConditionT;
  action:
    | z.infer<typeof SimpleAction>
    | { type: 'branch'; if: ConditionT; then?: StepT[]; else?: StepT[] }
    | { type: 'wait_for_reply'; timeout: z.infer<typeof Delay>; replied?: StepT[]; not_replied?: StepT[] };
  /** send_text: the steps run instead when the customer-service window is closed (a template needs no window) */
  window_closed?: StepT[];
}

const lane = (): z.ZodType<StepT[]> => z.array(Step).max(50);

export const Step: z.ZodType<StepT> = z.lazy(() =>
  z
    .object({
      id: z.string().max(40).optional(),
      after: Delay.optional(),
      business_hours: z.boolean().optional().openapi({ description: 'the delay ends within business hours only' }),
      if: Condition.optional().openapi({ description: 'skipped (logged) when false' }),
      action: z.union([
        SimpleAction,
        z
          .object({ type: z.literal('branch'), if: Condition, then: lane().optional(), else: lane().optional() })
          .strict(),
        z
          .object({
            type: z.literal('wait_for_reply'),
            timeout: Delay,
            replied: lane().optional(),
            not_replied: lane().optional(),
          })
          .strict(),
      ]),
      window_closed: lane().optional(),
    })
    .strict()
    .openapi('AutomationStep'),
);

const DateOffset = z.object({
  minutes: z.number().int().min(0).max(100_000).optional(),
  hours: z.number().int().min(0).max(10_000).optional(),
  days: z.number().int().min(0).max(730).optional(),
});

export const Trigger = z
  .discriminatedUnion('type', [
    z
      .object({
        type: z.literal('message'),
        match: z.enum(['exact', 'contains']),
        text: z.string().trim().min(1).max(1000),
      })
      .strict(),
    z
      .object({
        type: z.literal('button'),
        text: z.string().min(1).max(200).openapi({ description: 'payload, id or title of the tapped button' }),
      })
      .strict(),
    z.object({ type: z.literal('list_added'), list: Ref }).strict(),
    z.object({ type: z.literal('tag_added'), tag: Ref }).strict(),
    z.object({ type: z.literal('new_contact') }).strict(),
    z.object({ type: z.literal('integration') }).strict(),
    z.object({ type: z.literal('outside_hours') }).strict(),
    z.object({ type: z.literal('holiday') }).strict(),
    z
      .object({
        type: z.literal('date'),
        field: FieldKey,
        mode: z.enum(['yearly', 'before', 'after']),
        offset: DateOffset.strict().optional(),
        time: z
          .string()
          .regex(/^\d{2}:\d{2}$/)
          .optional()
          .openapi({ description: 'yearly: the local time it is sent' }),
        timezone: z.string().max(60).optional(),
      })
      .strict(),
    z.object({ type: z.literal('none') }).strict(),
  ])
  .openapi('AutomationTrigger');
export type TriggerT = z.infer<typeof Trigger>;

export const Settings = z
  .object({
    reentry: z
      .enum(['after_exit', 'never'])
      .optional()
      .openapi({ description: 'after_exit (default): again once the previous run ended; never: once per contact' }),
    max_per_minute: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .openapi({ description: 'circuit breaker: entries per minute above which it pauses (default 600)' }),
  })
  .strict();

export const Definition = z.object({
  trigger: Trigger,
  steps: z.array(Step).min(1).max(50),
  settings: Settings.optional(),
});
export type DefinitionT = z.infer<typeof Definition>;

export const CreateBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    active: z.boolean().optional(),
    trigger: Trigger,
    steps: z.array(Step).min(1).max(50),
    settings: Settings.optional(),
  })
  .strict()
  .openapi('AutomationCreate');

export const PatchBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    trigger: Trigger.optional(),
    steps: z.array(Step).min(1).max(50).optional(),
    settings: Settings.optional(),
  })
  .strict();

export const AUTOMATION_STATES = ['draft', 'active', 'paused'] as const;

export const AutomationView = z
  .object({
    id: z.string(),
    name: z.string(),
    state: z.enum(AUTOMATION_STATES),
    active: z.boolean(),
    version: z.number().int(),
    trigger: Trigger,
    steps: z.array(Step),
    settings: Settings,
    paused_reason: z.string(),
    running: z.number().int().openapi({ description: 'contacts inside it now' }),
    created: z.string(),
    updated: z.string(),
  })
  .openapi('Automation');
export type AutomationViewT = z.infer<typeof AutomationView>;

export const StartBody = z
  .object({
    phone: z.string().min(5).max(30),
    fields: z.record(z.string().max(60), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()])).optional(),
    first_name: z.string().max(100).optional(),
    last_name: z.string().max(100).optional(),
  })
  .strict();

export const SimulateBody = z.object({ contact: Id, text: z.string().max(1000).optional() }).strict();

export const SimulatedStep = z.object({
  step: z.string(),
  action: z.string(),
  at: z.string().openapi({ description: 'when it would run (ISO)' }),
  outcome: z.enum(['run', 'skipped', 'branch', 'wait']),
  detail: z.string(),
  preview: z.string().optional(),
});
export const SimulateView = z.object({ steps: z.array(SimulatedStep), entered: z.boolean(), reason: z.string() });

export const ReportView = z.object({
  entered: z.number().int(),
  running: z.number().int(),
  waiting: z.number().int(),
  completed: z.number().int(),
  exited: z.number().int(),
  exit_reasons: z.record(z.string(), z.number().int()),
  steps: z.array(
    z.object({
      step: z.string(),
      action: z.string(),
      done: z.number().int(),
      skipped: z.number().int(),
      failed: z.number().int(),
      replied: z.number().int(),
      errors: z.array(z.object({ detail: z.string(), count: z.number().int() })),
    }),
  ),
});
