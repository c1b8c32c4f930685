/**
 * The messaging-limit budget (Meta's tier: how many customers a portfolio may reach with business-initiated
 * messages per 24 h), answered by limits/messaging-limit.ts on the server. A budget that says yes may set a
 * place aside for the send (a hold, given back if the send is not stored); one that says no refuses the send
 * with 429 and, when it knows, when to try again.
 */
import { AppError } from '../../../lib/errors.ts';
import { OK, type SendCheck, type SendFacts, type SendHold } from '../send.types.ts';

export type BudgetAnswer = { ok: true; hold?: SendHold } | { ok: false; reason: string; retryAfterSeconds?: number };

export interface MessagingBudget {
  allow(f: SendFacts): BudgetAnswer | Promise<BudgetAnswer>;
}

export const UNLIMITED_BUDGET: MessagingBudget = { allow: () => ({ ok: true }) };

export function budgetCheck(budget: MessagingBudget = UNLIMITED_BUDGET): SendCheck {
  return {
    name: 'budget',
    async run(f) {
      const a = await budget.allow(f);
      if (a.ok) return a.hold ? { ok: true, hold: a.hold } : OK;
      const headers = a.retryAfterSeconds ? { 'Retry-After': String(Math.ceil(a.retryAfterSeconds)) } : undefined;
      return {
        ok: false,
        error: new AppError(
          'messaging_limit',
          429,
          a.reason,
          a.retryAfterSeconds ? { retry_after_s: a.retryAfterSeconds } : undefined,
          headers,
        ),
      };
    },
  };
}
