/**
 * Builds the one send path for the server: the default checks and the uploaded-media link. Campaigns
 * will pass their messaging-limit budget here (checks/budget.check.ts); until then it answers "ok".
 */
import type { AppContext } from '../../lib/context.ts';
import { MediaService } from '../../modules/messages/media.service.ts';
import type { MessagingBudget } from './checks/budget.check.ts';
import { defaultChecks } from './checks/index.ts';
import { OutboundService } from './outbound.service.ts';

export function createOutboundService(ctx: AppContext, opts: { budget?: MessagingBudget } = {}): OutboundService {
  const media = new MediaService(ctx);
  return new OutboundService(ctx, {
    checks: defaultChecks(opts),
    attachMedia: (messageId, mediaId) => media.attachTo(messageId, mediaId),
  });
}
