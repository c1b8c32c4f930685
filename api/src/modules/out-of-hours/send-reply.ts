/**
 * How a system reply leaves: through the one send path (engine/outbound) as a system principal, with
 * its purpose — the same checks and queue as an operator's message. The client id makes it idempotent
 * (a job run twice stores and sends it once).
 */
import type { AppContext } from '../../lib/context.ts';
import { systemPrincipal } from '../../engine/policy/permissions.ts';
import type { Purpose } from '../../engine/outbound/send.types.ts';

export async function sendSystemText(
  ctx: AppContext,
  input: { conversationId: string; text: string; clientId: string; purpose: Purpose; principalName: string },
): Promise<{ messageId: string; created: boolean }> {
  const res = await ctx.send.enqueue({
    principal: systemPrincipal(input.principalName),
    to: { conversationId: input.conversationId },
    body: { type: 'text', text: { body: input.text } },
    clientId: input.clientId,
    purpose: input.purpose,
  });
  return { messageId: res.message.id, created: res.created };
}
