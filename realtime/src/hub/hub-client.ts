/**
 * One browser's realtime connection to the hub: an SSE stream speaking PocketBase's protocol (so the
 * PocketBase SDK in the PWA works unchanged), the user it was authorised as, and its subscriptions.
 * Hot subscriptions are answered by the hub; the others go to PocketBase over a connection of this
 * client's own, with this client's token, and their events are relayed under the same name.
 */
import { randomBytes } from 'node:crypto';
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';
import type { HubUser } from './hub-access.ts';
import { type HotTopic, parseTopic } from './hub-topics.ts';

if (typeof (globalThis as { EventSource?: unknown }).EventSource === 'undefined') {
  (globalThis as { EventSource?: unknown }).EventSource = EventSource;
}

/** a client that lets this much pile up unread (asleep, stalled) is dropped: it reconnects and resyncs */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const encoder = new TextEncoder();

export interface ClientAuth {
  token: string;
  user: HubUser;
}

export class HubClient {
  readonly id = randomBytes(20).toString('base64url').slice(0, 27);
  auth: ClientAuth | undefined;
  hot: HotTopic[] = [];
  private pass = new Map<string, () => Promise<void>>();
  private upstream: PocketBase | undefined;
  private upstreamId: string | undefined;
  private changing: Promise<void> = Promise.resolve();
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private pending = '';
  private flushing = false;
  closed = false;
  readonly stream: ReadableStream<Uint8Array>;

  constructor(
    private readonly pbUrl: string,
    private readonly onClose: (c: HubClient) => void,
  ) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.close(),
      },
      new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
    );
    this.send('PB_CONNECT', JSON.stringify({ clientId: this.id }));
  }

  /** Queues one SSE message; the queue is written once per turn of the event loop. */
  send(name: string, data: string): void {
    if (this.closed) return;
    this.pending += `id:${this.id}\nevent:${name}\ndata:${data}\n\n`;
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  /** a comment line: keeps proxies from timing the stream out and finds dead sockets */
  keepAlive(): void {
    if (!this.closed && !this.pending) {
      this.pending = ':\n\n';
      this.flush();
    }
  }

  private flush(): void {
    this.flushing = false;
    if (this.closed || !this.pending || !this.controller) return;
    const chunk = encoder.encode(this.pending);
    this.pending = '';
    if ((this.controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) {
      this.close();
      return;
    }
    try {
      this.controller.enqueue(chunk);
    } catch {
      this.close();
    }
  }

  /**
   * Replaces the subscriptions (PocketBase semantics: the new list is the whole set). Pass-through topics
   * are subscribed at PocketBase before this resolves, so their first events are not missed.
   */
  subscribe(topics: string[]): Promise<void> {
    // one change at a time: a browser may send its next set before the previous one is answered
    const next = this.changing.then(() => this.apply(topics));
    this.changing = next.catch(() => undefined);
    return next;
  }

  private async apply(topics: string[]): Promise<void> {
    if (this.closed) return;
    const parsed = topics.map(parseTopic);
    this.hot = parsed.filter((t): t is HotTopic => t.kind === 'hot');
    const wanted = new Set(parsed.filter((t) => t.kind === 'pass').map((t) => t.raw));
    for (const [raw, off] of this.pass) {
      if (wanted.has(raw)) continue;
      this.pass.delete(raw);
      await off().catch(() => undefined);
    }
    const missing = [...wanted].filter((raw) => !this.pass.has(raw));
    if (!missing.length) return;
    const pb = this.connectUpstream();
    for (const raw of missing) {
      // the topic string is already PocketBase's (options included): subscribed verbatim, relayed by its name
      const off = await pb.realtime.subscribe(raw, (data: unknown) => this.send(raw, JSON.stringify(data)));
      if (this.closed) return void off().catch(() => undefined);
      this.pass.set(raw, off);
    }
  }

  private connectUpstream(): PocketBase {
    if (this.upstream) return this.upstream;
    const pb = new PocketBase(this.pbUrl);
    pb.autoCancellation(false);
    if (this.auth) pb.authStore.save(this.auth.token, null);
    // PocketBase restarted or the stream broke: events may be lost, so this client reconnects and resyncs
    // (the SDK may call a PB_CONNECT listener twice for one connection: the connection id tells them apart)
    pb.realtime
      .subscribe('PB_CONNECT', () => {
        this.upstreamId ??= pb.realtime.clientId;
        if (pb.realtime.clientId !== this.upstreamId) this.close();
      })
      .catch(() => this.close());
    pb.realtime.onDisconnect = () => {
      if (this.upstreamId) this.close();
    };
    this.upstream = pb;
    return pb;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = '';
    try {
      this.controller?.close();
    } catch {
      /* already closed by the reader */
    }
    const pb = this.upstream;
    this.upstream = undefined;
    this.pass.clear();
    if (pb) {
      pb.realtime.onDisconnect = undefined;
      void pb.realtime.unsubscribe().catch(() => undefined);
    }
    this.onClose(this);
  }
}
