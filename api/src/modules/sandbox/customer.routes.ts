/**
 * The customer's side: JSON endpoints used by the phone page and by tests, the live SSE stream, and the
 * unauthenticated media routes the phone page needs (a real phone receives media without a Graph token).
 */
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SandboxContext } from './context.ts';
import { customerMessageSchema, customerSend, CustomerInputError } from './customer.inbound.ts';
import { GraphError } from './errors.ts';
import { customerRead } from './outbound.ts';
import type { CustomerMessageInput, SandboxChatItem } from './types.ts';
import { toWaId } from './util.ts';

const KEEPALIVE_MS = 15_000;

function clientError(c: Context, message: string, status: 400 | 404 = 400, extra?: unknown): Response {
  return c.json({ error: { message, ...(extra ? { issues: extra } : {}) } }, status);
}

export function mediaResponse(bytes: Uint8Array, mime: string, filename?: string): Response {
  const headers: Record<string, string> = {
    'Content-Type': mime,
    'Content-Length': String(bytes.byteLength),
    'Cache-Control': 'private, max-age=300',
  };
  if (filename) headers['Content-Disposition'] = `inline; filename="${filename.replace(/["\\\r\n]/g, '_')}"`;
  // bytes are always backed by a plain ArrayBuffer here (never shared memory)
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

export function customerRoutes(ctx: SandboxContext): { app: Hono; closeStreams: () => void } {
  const app = new Hono();
  const streams = new Set<() => void>();

  app.get('/customer/config', (c) =>
    c.json({
      numbers: [...ctx.numbers.values()].map((n) => ({
        phoneNumberId: n.phoneNumberId,
        displayPhoneNumber: n.displayPhoneNumber,
        verifiedName: n.verifiedName,
      })),
      autoRead: ctx.cfg.autoRead,
    }),
  );

  app.get('/customers', (c) =>
    c.json({ data: [...ctx.state.customers.values()].sort((a, b) => b.lastActivityAt - a.lastActivityAt) }),
  );

  app.post('/customer/messages', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return clientError(c, 'body must be JSON');
    }
    const parsed = customerMessageSchema.safeParse(raw);
    if (!parsed.success) return clientError(c, 'invalid customer message', 400, parsed.error.issues);
    try {
      return c.json(await customerSend(ctx, parsed.data as CustomerMessageInput));
    } catch (err) {
      if (err instanceof CustomerInputError || err instanceof GraphError) return clientError(c, err.message);
      throw err;
    }
  });

  app.post('/customer/media', async (c) => {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      return clientError(c, 'upload must be multipart/form-data with a file');
    }
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return clientError(c, 'file is required');
    if (file.size > 100 * 1024 * 1024) return clientError(c, 'file larger than 100 MB');
    const rec = ctx.media.put(new Uint8Array(await file.arrayBuffer()), file.type || 'application/octet-stream', {
      origin: 'customer',
      enforce: false,
      ...(file.name ? { filename: file.name } : {}),
    });
    return c.json({ id: rec.id, mime_type: rec.mimeType, file_size: rec.size });
  });

  app.get('/customer/media/:id', (c) => {
    const id = c.req.param('id');
    const rec = ctx.media.get(id);
    const bytes = rec && ctx.media.bytes(id);
    if (!rec || !bytes) return clientError(c, 'media not found', 404);
    return mediaResponse(bytes, rec.mimeType, rec.filename);
  });

  app.get('/customer/:waId/messages', (c) => {
    const pn = c.req.query('phoneNumberId');
    const items = ctx.state.history(toWaId(c.req.param('waId'))).filter((i) => !pn || i.phoneNumberId === pn);
    return c.json({ data: items });
  });

  app.post('/customer/:waId/read', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { phoneNumberId?: unknown };
    const pn = typeof body.phoneNumberId === 'string' ? body.phoneNumberId : undefined;
    return c.json({ read: await customerRead(ctx, toWaId(c.req.param('waId')), pn) });
  });

  // Live items for one customer; Last-Event-ID (the item seq) replays what a reconnecting page missed.
  app.get('/customer/:waId/events', (c) => {
    const waId = toWaId(c.req.param('waId'));
    const pn = c.req.query('phoneNumberId');
    const lastId = Number(c.req.header('last-event-id') ?? c.req.query('since') ?? 0) || 0;
    const wanted = (i: SandboxChatItem) => i.waId === waId && (!pn || i.phoneNumberId === pn);
    return streamSSE(c, async (stream) => {
      const queue: SandboxChatItem[] = lastId ? ctx.state.history(waId).filter((i) => i.seq > lastId && wanted(i)) : [];
      let wake: (() => void) | undefined;
      let open = true;
      const stop = () => {
        open = false;
        wake?.();
      };
      const unsubscribe = ctx.state.subscribe((item) => {
        if (!wanted(item)) return;
        queue.push(item);
        wake?.();
      });
      streams.add(stop);
      stream.onAbort(stop);
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ waId }) });
        while (open) {
          while (queue.length) {
            const item = queue.shift()!;
            await stream.writeSSE({ event: 'item', id: String(item.seq), data: JSON.stringify(item) });
          }
          let timer: ReturnType<typeof setTimeout> | undefined;
          const idle = await new Promise<boolean>((resolve) => {
            wake = () => resolve(false);
            timer = setTimeout(() => resolve(true), KEEPALIVE_MS);
          });
          clearTimeout(timer);
          wake = undefined;
          if (idle && open) await stream.write(': keepalive\n\n');
        }
      } finally {
        unsubscribe();
        streams.delete(stop);
      }
    });
  });

  return {
    app,
    closeStreams: () => {
      for (const stop of [...streams]) stop();
    },
  };
}
