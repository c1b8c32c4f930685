/**
 * Template webhooks beyond status and quality: template_category_update (an impending change with the
 * date it takes effect, or a completed one that changes the template's category) and
 * message_template_components_update. Each is recorded as a channel_events notice (what the admin is told)
 * and a completed category change is applied to the template at once; the periodic sync brings the rest.
 */
import type { TemplateCategoryUpdate, TemplateComponentsUpdate } from '../channels/channel.types.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { pbDate } from '../../lib/records.ts';

export async function applyTemplateChange(d: { pb: PocketBase; log: Logger }, u: TemplateCategoryUpdate | TemplateComponentsUpdate): Promise<void> {
  const { pb } = d;
  const field = u.kind === 'template_category' ? 'template_category_update' : 'message_template_components_update';
  const event = u.kind === 'template_category' ? (u.newCategory ? 'CATEGORY_CHANGED' : 'CATEGORY_CHANGE_IMPENDING') : 'COMPONENTS_UPDATED';
  const { kind: _k, ...data } = u;
  await pb.collection('channel_events').create({ waba_id: u.wabaId, field, event, kind: 'notice', data, at: pbDate(Date.now()) });
  if (u.kind !== 'template_category' || !u.newCategory) return;
  const filter = u.templateId
    ? pb.filter('waba_id = {:w} && (meta_id = {:i} || (name = {:n} && language = {:l}))', { w: u.wabaId, i: u.templateId, n: u.name, l: u.language })
    : pb.filter('waba_id = {:w} && name = {:n} && language = {:l}', { w: u.wabaId, n: u.name, l: u.language });
  const rows = await pb.collection('templates').getFullList<{ id: string }>({ filter });
  for (const r of rows) await pb.collection('templates').update(r.id, { category: u.newCategory });
  if (!rows.length) d.log.warn('category update for an unknown template', { name: u.name, id: u.templateId });
}
