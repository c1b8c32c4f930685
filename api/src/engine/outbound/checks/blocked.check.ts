/**
 * A blocked contact gets nothing from us — except the confirmation of an opt-out they just sent
 * (purpose `consent`), which the law and WhatsApp's policy expect whatever our CRM says.
 */
import { AppError } from '../../../lib/errors.ts';
import { OK, type SendCheck } from '../send.types.ts';

export const blockedCheck: SendCheck = {
  name: 'blocked',
  run(f) {
    if (!f.contact?.blocked || f.purpose === 'consent') return OK;
    return {
      ok: false,
      error: new AppError('contact_blocked', 422, 'This contact is blocked: unblock them to send messages'),
    };
  },
};
