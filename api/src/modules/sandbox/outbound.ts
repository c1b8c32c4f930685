/**
 * The business → customer pipeline behind POST /{phone-number-id}/messages: rule checks in Meta's order,
 * the success answer, and the sent → delivered → read (or failed) status webhooks that follow.
 */
import { bsuidOf, customerByBsuid } from './bsuid.ts';
import type { SandboxContext } from './context.ts';
import { GraphError, invalid, statusError } from './errors.ts';
import { checkEnvelope, checkTypeBody } from './messages.rules.ts';
import type { TemplateRecord } from './templates.store.ts';
import { checkTemplateSend } from './templates.send.ts';
import type { MetaErrorSpec, RenderedTemplate, SandboxChatItem, SandboxNumber } from './types.ts';
import { isRecord, jitter, newWamid, shuffleNotIdentity, toWaId, unixSeconds } from './util.ts';
import { statusEnvelope } from './webhooks.ts';
import { OVER_LIMIT_DETAILS } from './messaging-limit.ts';

const WINDOW_MS = 24 * 3600 * 1000;

type Pricing = { billable: boolean; pricing_model: 'PMP'; type: string; category: string };
interface Step {
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error?: MetaErrorSpec;
  pricing?: Pricing;
}

function pricingFor(template: TemplateRecord | undefined, windowOpen: boolean): Pricing {
  if (!template) return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  const category = template.category.toLowerCase();
  // utility templates inside an open customer-service window are free since July 2025
  const free = category === 'utility' && windowOpen;
  return { billable: !free, pricing_model: 'PMP', type: free ? 'free_customer_service' : 'regular', category };
}

/** Meta's status object; `conversation` only before v24, where Meta stopped sending it. */
function statusObject(ctx: SandboxContext, msg: SandboxChatItem, step: Step, ts: number): Record<string, unknown> {
  // 2026: recipient_user_id always, except on a failed send addressed to a phone; the phone of a
  // username-only customer is withheld from statuses of sends addressed to their BSUID.
  const viaBsuid = msg.message?.to === undefined && typeof msg.message?.recipient === 'string';
  const hidden = viaBsuid && ctx.state.customers.get(msg.waId)?.hidePhone === true;
  const out: Record<string, unknown> = {
    id: msg.wamid,
    status: step.status,
    timestamp: String(ts),
    ...(hidden ? {} : { recipient_id: msg.waId }),
    ...(step.status === 'failed' && !viaBsuid ? {} : { recipient_user_id: bsuidOf(msg.waId) }),
  };
  const major = Number(/^v(\d+)/.exec(ctx.cfg.apiVersion)?.[1] ?? 24);
  if (step.pricing && major < 24) {
    out.conversation = {
      id: Buffer.from(`${msg.phoneNumberId}:${msg.waId}`).toString('hex').slice(0, 32),
      ...(step.status === 'sent' ? { expiration_timestamp: String(ts + 24 * 3600) } : {}),
      origin: { type: step.pricing.category },
    };
  }
  if (step.pricing) out.pricing = step.pricing;
  const opaque = msg.message?.biz_opaque_callback_data;
  if (typeof opaque === 'string') out.biz_opaque_callback_data = opaque;
  if (step.error) out.errors = [statusError(step.error)];
  return out;
}

async function emitStatus(ctx: SandboxContext, msg: SandboxChatItem, step: Step, ts: number): Promise<void> {
  const n = ctx.numbers.get(msg.phoneNumberId);
  if (!n) return;
  ctx.state.addStatus(msg.wamid, step.status, ts, step.error ? [statusError(step.error)] : undefined);
  await ctx.webhooks.post(statusEnvelope(n, statusObject(ctx, msg, step, ts)));
}

/**
 * Plays the steps with jittered gaps. With the reorder fault the timestamps keep their natural order but
 * the POSTs go out shuffled, so a receiver sees e.g. read before sent.
 */
async function progress(ctx: SandboxContext, msg: SandboxChatItem, steps: Step[]): Promise<void> {
  const gaps = steps.map(() => jitter(ctx.cfg.statusDelayMs));
  let t = ctx.now();
  const timed = steps.map((step, i) => ({ step, ts: unixSeconds((t += gaps[i]!)) }));
  const order = ctx.faults.current.reorderStatuses ? shuffleNotIdentity(timed) : timed;
  for (let i = 0; i < order.length; i++) {
    await ctx.timers.sleep(gaps[i]!);
    if (ctx.timers.closed) return;
    const { step, ts } = order[i]!;
    await emitStatus(ctx, msg, step, ts);
  }
}

function windowOpen(ctx: SandboxContext, n: SandboxNumber, waId: string): boolean {
  const last = ctx.state.lastInboundAt(n.phoneNumberId, waId);
  return last !== undefined && ctx.now() - last <= WINDOW_MS;
}

export async function sendMessage(
  ctx: SandboxContext,
  n: SandboxNumber,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const slow = ctx.faults.takeSlowResponse();
  if (slow && !slow.accept) {
    // a request lost on the way: Meta never sees it; the caller gets a 503 if it is still waiting
    await ctx.timers.sleep(slow.ms);
    throw new GraphError(131016);
  }
  const stormy = ctx.faults.stormError();
  if (stormy) throw GraphError.from(stormy);
  const injected = ctx.faults.takeFailNext();
  if (injected) throw GraphError.from(injected);

  const { to, recipient, type } = checkEnvelope(body);
  const byBsuid = recipient ? customerByBsuid(ctx.state.customers.values(), recipient) : undefined;
  if (recipient && !byBsuid)
    throw invalid(`Param recipient '${recipient}' does not match a WhatsApp user of this business.`);
  const waId = byBsuid ? byBsuid.waId : toWaId(to);
  let template: TemplateRecord | undefined;
  let rendered: RenderedTemplate | undefined;
  if (type === 'template') {
    ({ template, rendered } = checkTemplateSend(body.template, ctx.templates, n.wabaId, ctx.media));
  } else {
    checkTypeBody(type, body, ctx.media);
  }
  if (waId === toWaId(n.displayPhoneNumber)) throw new GraphError(131021);

  const open = windowOpen(ctx, n, waId);
  let failure: MetaErrorSpec | undefined;
  if (!template && !open) {
    if (!ctx.cfg.reengagementAsStatus) throw new GraphError(131047);
    failure = { code: 131047 };
  }
  const forced = ctx.faults.recipientError(waId);
  if (forced?.as === 'response') throw GraphError.from(forced);
  ctx.limits.check(n.phoneNumberId, waId);
  ctx.limits.consume(n.phoneNumberId, waId);
  if (forced) failure ??= forced;
  // a template outside the window reaches the customer only within the messaging limit
  if (!failure && template && !open && !ctx.messagingLimit.admit(n.wabaId, waId, n.messagingLimitTier)) {
    failure = { code: 131048, details: OVER_LIMIT_DETAILS };
  }

  const wamid = newWamid(waId);
  ctx.state.touchCustomer(waId);
  const msg = ctx.state.addMessage({
    direction: 'outbound',
    phoneNumberId: n.phoneNumberId,
    waId,
    wamid,
    timestamp: unixSeconds(ctx.now()),
    status: 'accepted',
    type,
    message: structuredClone(body),
    ...(rendered ? { rendered } : {}),
  });

  const pricing = pricingFor(template, open);
  let steps: Step[];
  if (failure) {
    // Meta never "sends" what it refuses (re-engagement, the limits, an unreachable customer): the only status is failed
    steps = [{ status: 'failed', error: failure }];
  } else {
    const later = ctx.faults.takeFailAfterSend();
    steps = later
      ? [
          { status: 'sent', pricing },
          { status: 'failed', error: later },
        ]
      : [
          { status: 'sent', pricing },
          { status: 'delivered', pricing },
          ...(ctx.cfg.autoRead && type !== 'reaction' ? [{ status: 'read' as const }] : []),
        ];
  }
  if (ctx.faults.current.statusesBeforeResponse) {
    await progress(ctx, msg, steps);
  } else {
    void progress(ctx, msg, steps).catch((err) => ctx.log('sandbox: status progression failed', String(err)));
  }
  // accepted, but the answer is slow to come back (the caller may give up or die meanwhile)
  if (slow) await ctx.timers.sleep(slow.ms);

  return {
    messaging_product: 'whatsapp',
    // a BSUID send answers with user_id and no wa_id
    contacts: [recipient ? { input: recipient, user_id: recipient } : { input: to, wa_id: waId }],
    messages: [{ id: wamid, ...(template ? { message_status: 'accepted' } : {}) }],
  };
}

/** Mark-as-read: the message and every earlier inbound message of that chat become read. */
export function markRead(
  ctx: SandboxContext,
  n: SandboxNumber,
  body: Record<string, unknown>,
): Record<string, unknown> {
  if (body.messaging_product !== 'whatsapp') throw invalid('The parameter messaging_product is required.');
  const id = body.message_id;
  if (typeof id !== 'string' || !id) throw invalid('The parameter message_id is required.');
  const target = ctx.state.findMessage(id);
  if (!target || target.direction !== 'inbound' || target.phoneNumberId !== n.phoneNumberId) {
    throw invalid(`Param message_id (${id}) is not a valid inbound message id for this phone number.`);
  }
  if (
    body.typing_indicator !== undefined &&
    !(isRecord(body.typing_indicator) && body.typing_indicator.type === 'text')
  ) {
    throw invalid("Param typing_indicator['type'] must be 'text'.");
  }
  const ts = unixSeconds(ctx.now());
  for (const item of ctx.state.history(target.waId)) {
    if (
      item.kind === 'message' &&
      item.direction === 'inbound' &&
      item.phoneNumberId === n.phoneNumberId &&
      item.seq <= target.seq &&
      item.status !== 'read'
    ) {
      ctx.state.addStatus(item.wamid, 'read', ts);
    }
  }
  return { success: true };
}

/** The customer opens the chat: delivered business messages get read statuses (when autoRead is off). */
export async function customerRead(ctx: SandboxContext, waId: string, phoneNumberId?: string): Promise<number> {
  const unread = ctx.state
    .history(waId)
    .filter(
      (i) =>
        i.kind === 'message' &&
        i.direction === 'outbound' &&
        (!phoneNumberId || i.phoneNumberId === phoneNumberId) &&
        (i.status === 'sent' || i.status === 'delivered') &&
        i.type !== 'reaction',
    );
  const ts = unixSeconds(ctx.now());
  for (const msg of unread) await emitStatus(ctx, msg, { status: 'read' }, ts);
  return unread.length;
}

export async function failSentMessage(ctx: SandboxContext, wamid: string, error: MetaErrorSpec): Promise<boolean> {
  const msg = ctx.state.findMessage(wamid);
  if (!msg || msg.direction !== 'outbound') return false;
  await emitStatus(ctx, msg, { status: 'failed', error }, unixSeconds(ctx.now()));
  return true;
}
