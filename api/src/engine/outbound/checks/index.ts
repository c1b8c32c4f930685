/**
 * The send checks, in the order they run; the first refusal wins. Add a rule as a small module here
 * (with its table test) instead of an `if` in a service: every sender — UI, API, consent replies,
 * out-of-hours replies, automations, campaigns — passes the same list.
 */
import type { CheckResult, SendCheck, SendFacts } from '../send.types.ts';
import { blockedCheck } from './blocked.check.ts';
import { budgetCheck, type MessagingBudget } from './budget.check.ts';
import { consentCheck } from './consent.check.ts';
import { templateCheck } from './template.check.ts';
import { windowCheck } from './window.check.ts';

export function defaultChecks(opts: { budget?: MessagingBudget | undefined } = {}): SendCheck[] {
  return [windowCheck, templateCheck, blockedCheck, consentCheck, budgetCheck(opts.budget)];
}

export async function runChecks(checks: readonly SendCheck[], f: SendFacts): Promise<CheckResult & { check?: string }> {
  for (const c of checks) {
    const r = await c.run(f);
    if (!r.ok) return { ...r, check: c.name };
  }
  return { ok: true };
}
