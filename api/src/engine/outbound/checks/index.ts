/**
 * The send checks, in the order they run; the first refusal wins. Add a rule as a small module here
 * (with its table test) instead of an `if` in a service: every sender — UI, API, consent replies,
 * out-of-hours replies, automations, campaigns — passes the same list.
 */
import type { AppError } from '../../../lib/errors.ts';
import type { SendCheck, SendFacts, SendHold } from '../send.types.ts';
import { blockedCheck } from './blocked.check.ts';
import { budgetCheck, type MessagingBudget } from './budget.check.ts';
import { consentCheck } from './consent.check.ts';
import { templateCheck } from './template.check.ts';
import { windowCheck } from './window.check.ts';

export function defaultChecks(opts: { budget?: MessagingBudget | undefined } = {}): SendCheck[] {
  return [windowCheck, templateCheck, blockedCheck, consentCheck, budgetCheck(opts.budget)];
}

export type Verdict = { ok: true; holds: SendHold[] } | { ok: false; error: AppError; check: string };

/** Runs the checks; what passing checks set aside (holds) is given back when a later one refuses. */
export async function runChecks(checks: readonly SendCheck[], f: SendFacts): Promise<Verdict> {
  const holds: SendHold[] = [];
  try {
    for (const c of checks) {
      const r = await c.run(f);
      if (!r.ok) {
        releaseAll(holds);
        return { ok: false, error: r.error, check: c.name };
      }
      if (r.hold) holds.push(r.hold);
    }
  } catch (err) {
    releaseAll(holds);
    throw err;
  }
  return { ok: true, holds };
}

export function releaseAll(holds: readonly SendHold[]): void {
  for (const h of holds) h.release();
}
