/**
 * "Examples from a sample contact": each placeholder's example for Meta's review taken from a real contact
 * through the same mapping a send uses (contact field with fallback, fixed value), so the reviewer sees
 * realistic text and the admin sees what customers will get. Keys the contact cannot fill keep their example.
 */
import {
  effectiveMapping,
  resolveParamValues,
  type ContactValues,
  type ParamMapping,
} from '../../../../api/src/modules/templates/template-placeholders.ts';

export function examplesFromContact(
  keys: string[],
  current: Record<string, string>,
  mapping: ParamMapping,
  dynamic: readonly string[],
  contact: ContactValues,
): { examples: Record<string, string>; filled: string[] } {
  const { values } = resolveParamValues(keys, effectiveMapping(keys, mapping, dynamic), contact);
  return { examples: { ...current, ...values }, filled: Object.keys(values) };
}
