/**
 * The automations API as the web sees it: the server's own schema (api/src/modules/automations/automation.schema.ts)
 * and path rules (automation-rules.ts), so the builder and the API cannot drift.
 */
import type { z } from 'zod';
import type {
  AutomationView,
  CreateBody,
  Delay,
  PatchBody,
  ReportView,
  SimulateView,
} from '../../../../api/src/modules/automations/automation.schema.ts';

export type {
  ConditionT as Condition,
  StepT as Step,
  TriggerT as Trigger,
} from '../../../../api/src/modules/automations/automation.schema.ts';
export { LANES, type Lane } from '../../../../api/src/modules/automations/automation-rules.ts';

export type Automation = z.infer<typeof AutomationView>;
export type AutomationState = Automation['state'];
export type AutomationBody = z.infer<typeof CreateBody>;
export type AutomationPatch = z.infer<typeof PatchBody>;
export type DelayT = z.infer<typeof Delay>;
export type Settings = NonNullable<AutomationBody['settings']>;
export type Simulation = z.infer<typeof SimulateView>;
export type SimulatedStep = Simulation['steps'][number];
export type Report = z.infer<typeof ReportView>;

/** Every kind of step, in the order the action menu offers them. */
export const ACTION_TYPES = [
  'send_template',
  'send_text',
  'wait_for_reply',
  'branch',
  'add_tag',
  'remove_tag',
  'add_to_list',
  'remove_from_list',
  'assign',
  'unassign',
  'set_field',
  'webhook',
  'block',
  'restore',
  'end_other_automations',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** The trigger menu: a message trigger is two entries (exact phrase / keyword). */
export const TRIGGER_KINDS = [
  'message_exact',
  'message_contains',
  'button',
  'list_added',
  'tag_added',
  'new_contact',
  'integration',
  'outside_hours',
  'holiday',
  'date',
  'none',
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const CONDITION_TYPES = ['tag', 'list', 'language', 'field', 'button'] as const;
export const FIELD_OPS = ['equals', 'not_equals', 'contains', 'empty', 'not_empty'] as const;
