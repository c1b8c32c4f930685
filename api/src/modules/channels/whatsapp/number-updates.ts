/** Phone quality / messaging-limit and account webhooks recorded on the number (dashboard, alerts). */
import type { WebhookUpdate } from '../channel.types.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { PocketBase } from '../../../lib/pb.ts';
import type { WaNumberRecord } from '../../../lib/records.ts';
import type { EventBus } from '../../../../../realtime/src/event-bus.ts';

const RATING_BY_EVENT: Record<string, WaNumberRecord['quality_rating']> = { FLAGGED: 'RED', UNFLAGGED: 'GREEN' };

export async function applyNumberUpdate(deps: { pb: PocketBase; bus: EventBus; log: Logger }, u: WebhookUpdate): Promise<void> {
  const { pb, bus, log } = deps;
  if (u.kind === 'phone_quality') {
    const digits = u.displayPhoneNumber.replace(/\D/g, '');
    const numbers = await pb.collection('wa_numbers').getFullList<WaNumberRecord>({ filter: pb.filter('waba_id = {:w}', { w: u.wabaId }) });
    const n = numbers.find((x) => x.display_phone_number.replace(/\D/g, '') === digits) ?? (numbers.length === 1 ? numbers[0] : undefined);
    if (!n) {
      log.warn('quality update for an unknown number', { display: u.displayPhoneNumber });
      return;
    }
    const rating = RATING_BY_EVENT[u.event];
    const history = [...(n.quality_history ?? []), { at: new Date().toISOString(), event: u.event, ...(rating ? { rating } : {}), ...(u.currentLimit ? { tier: u.currentLimit } : {}) }].slice(-200);
    await pb.collection('wa_numbers').update(n.id, {
      quality_history: history,
      ...(u.currentLimit ? { messaging_limit_tier: u.currentLimit } : {}),
      ...(rating ? { quality_rating: rating } : {}),
    });
    bus.publish('number.quality', { actor: { kind: 'system', name: 'whatsapp' }, phoneNumberId: n.phone_number_id, event: u.event, ...(rating ? { qualityRating: rating } : {}), ...(u.currentLimit ? { tier: u.currentLimit } : {}) });
  } else if (u.kind === 'account_notice' || u.kind === 'problem' || u.kind === 'unknown') {
    log.warn('whatsapp account notice', { kind: u.kind, detail: JSON.stringify(u).slice(0, 1000) });
  }
}
