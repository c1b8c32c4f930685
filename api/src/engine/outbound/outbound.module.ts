/**
 * Builds the one send path for the server: the default checks (with the messaging-limit budget of
 * limits/messaging-limit.ts) and the uploaded-media link; and the send rails' module: the limit's count
 * rebuilt at start and kept by the failed statuses, and Meta's refusals marked on the contacts.
 */
import type { AppContext } from '../../lib/context.ts';
import { MediaService } from '../../modules/messages/media.service.ts';
import type { MessagingBudget } from './checks/budget.check.ts';
import { defaultChecks } from './checks/index.ts';
import { OutboundService } from './outbound.service.ts';
import type { Module } from '../module.ts';
import { MetaRefusals } from './meta-refusals.ts';

export function createOutboundService(ctx: AppContext, opts: { budget?: MessagingBudget } = {}): OutboundService {
  const media = new MediaService(ctx);
  return new OutboundService(ctx, {
    checks: defaultChecks(opts),
    attachMedia: (messageId, mediaId) => media.attachTo(messageId, mediaId),
  });
}

export function createSendRailsModule(ctx: AppContext): Module {
  return {
    name: 'send-rails',
    consumers: [ctx.limits.consumer, new MetaRefusals(ctx)],
    start: () => ctx.limits.start(),
    stop: async () => ctx.limits.stop(),
  };
}
