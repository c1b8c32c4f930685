/**
 * Template webhooks beyond status and quality: template_category_update (an impending change with the
 * date it takes effect, or a completed one that changes the template's category) and
 * message_template_components_update. Each is recorded as a channel_events notice (what the admin is told)
 * (the template row and its history are changed by TemplateSync.applyCategory / applyComponents).
 */
import type { TemplateCategoryUpdate, TemplateComponentsUpdate } from '../channels/channel.types.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { pbDate } from '../../lib/records.ts';

export async function applyTemplateChange(
  d: { pb: PocketBase; log: Logger },
  u: TemplateCategoryUpdate | TemplateComponentsUpdate,
): Promise<void> {
  const { pb } = d;
  const field = u.kind === 'template_category' ? 'template_category_update' : 'message_template_components_update';
  const event =
    u.kind === 'template_category'
      ? u.newCategory
        ? 'CATEGORY_CHANGED'
        : 'CATEGORY_CHANGE_IMPENDING'
      : 'COMPONENTS_UPDATED';
  const { kind: _k, ...data } = u;
  await pb
    .collection('channel_events')
    .create({ waba_id: u.wabaId, field, event, kind: 'notice', data, at: pbDate(Date.now()) });
  // the template row itself (category, history) is changed by the templates studio (TemplateSync.applyCategory)
}
