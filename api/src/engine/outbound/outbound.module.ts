/** Builds the one send path for the server: the default checks and the uploaded-media link. */
import type { AppContext } from '../../lib/context.ts';
import { MediaService } from '../../modules/messages/media.service.ts';
import { OutboundService } from './outbound.service.ts';

export function createOutboundService(ctx: AppContext): OutboundService {
  const media = new MediaService(ctx);
  return new OutboundService(ctx, { attachMedia: (messageId, mediaId) => media.attachTo(messageId, mediaId) });
}
