/**
 * Marketing consent. A marketing template needs a contact who has not opted out, whoever sends it;
 * campaigns and automations respect an opt-out whatever they send; a person's direct reply (a utility
 * template, free text in the window) and system confirmations do not depend on it.
 */
import { AppError } from '../../../lib/errors.ts';
import { isBulk, OK, type SendCheck, type SendFacts } from '../send.types.ts';

/** The same reading consent.ts and the CRM use: an opt-out that no later opt-in has undone. */
export const optedOut = (c: SendFacts['contact']): boolean => !!c?.opted_out_at && !c.marketing_allowed;

export const consentCheck: SendCheck = {
  name: 'consent',
  run(f) {
    if (!optedOut(f.contact)) return OK;
    if (f.type === 'template' && f.template?.category === 'MARKETING') {
      return {
        ok: false,
        error: new AppError(
          'marketing_opt_out',
          422,
          'This contact opted out of marketing messages: a marketing template cannot be sent to them',
        ),
      };
    }
    if (isBulk(f.purpose)) {
      return {
        ok: false,
        error: new AppError('marketing_opt_out', 422, `This contact opted out: a ${f.purpose} cannot message them`),
      };
    }
    return OK;
  },
};
