/** Free-form messages need the customer-service window open (the customer wrote in the last 24 h). */
import { AppError } from '../../../lib/errors.ts';
import { parsePbDate } from '../../../lib/records.ts';
import { windowState } from '../../../modules/inbox/status-rules.ts';
import { OK, type SendCheck } from '../send.types.ts';

export const windowCheck: SendCheck = {
  name: 'window',
  run(f) {
    if (f.type === 'template') return OK;
    if (windowState(parsePbDate(f.conversation.last_inbound_at), f.now).open) return OK;
    return {
      ok: false,
      error: new AppError(
        'template_required',
        422,
        'The 24-hour window is closed: the customer has not written in the last 24 hours, so only an approved template can be sent.',
        {
          last_inbound_at: f.conversation.last_inbound_at || null,
        },
      ),
    };
  },
};
