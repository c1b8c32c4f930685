import { Hono } from 'hono';
import type { AppContext } from '../lib/context.ts';

/** GET /api/health — 200 {"status":"ok"} when the store answers; 503 "degraded" otherwise. */
export function healthRoutes(ctx: AppContext) {
  const app = new Hono();
  app.get('/', async (c) => {
    let pbOk = false;
    try {
      pbOk = (await fetch(`${ctx.pbProcess.url}/api/health`, { signal: AbortSignal.timeout(1500) })).ok;
    } catch {
      pbOk = false;
    }
    const body = {
      status: pbOk ? 'ok' : 'degraded',
      pocketbase: { ok: pbOk },
      channel: {
        provider: 'whatsapp',
        mode: ctx.config.whatsapp.mode,
        phone_number_id: ctx.config.whatsapp.phoneNumberId,
        outbound_in_flight: ctx.outbound.inFlight,
        // messages not yet settled: queued, waiting for a token or a retry, or awaiting the reconciliation of a
        // send a crash interrupted
        outbound_pending: ctx.outbound.pending,
        // the most requests that left for Meta in any 1 s since start (the throughput cap's promise, where it is kept)
        outbound_peak_1s: ctx.outbound.peakInOneSecond(ctx.config.whatsapp.phoneNumberId),
        // sending time let pass unused (ms): waiting on a late timer, on nothing to send, on a full stage
        outbound_lost_ms: ctx.outbound.lostTime(ctx.config.whatsapp.phoneNumberId),
        webhook_backlog: ctx.writer.backlog,
        webhook_processing_paused: ctx.writer.processor.paused,
        dead_letters: ctx.deadLetters.pending,
      },
    };
    return c.json(body, pbOk ? 200 : 503);
  });
  return app;
}
