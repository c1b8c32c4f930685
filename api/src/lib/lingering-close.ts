/**
 * "Lingering close" for a request refused before its body was read (413), the way nginx does it.
 *
 * Node's HTTP server closes a `Connection: close` response's socket with `socket.destroySoon()`: FIN,
 * then destroy as soon as the 413 has been flushed. The client is usually still sending its body, so
 * those bytes land on a closed socket: the kernel answers with RST, the client gets EPIPE/ECONNRESET on
 * its next write and may drop the 413 it had not parsed yet (a browser or Meta's webhook sender sees a
 * reset instead of our error). So, once the body is refused, we keep reading and discarding what the
 * client still sends — never buffering it — until LINGER_BYTES more arrived after the answer went out
 * or LINGER_MS passed since the refusal, whichever comes first, and close only then (or as soon as the
 * client finished its body: a clean close).
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

export const LINGER_BYTES = 8 * 1024 * 1024;
export const LINGER_MS = 2000;

const lingering = new WeakSet<IncomingMessage>();

/** The Node request behind a Hono context, when served by @hono/node-server (`c.env.incoming`). */
function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/**
 * Call when answering 413 (with `Connection: close`) to a request whose body is not read to its end.
 * Starts discarding the rest of the body right away and delays the socket's close until the response is
 * flushed and the client has finished, sent LINGER_BYTES more, or LINGER_MS have passed.
 */
export function lingerAfterRefusal(c: Context, limits = { bytes: LINGER_BYTES, ms: LINGER_MS }): void {
  const incoming = incomingOf(c);
  const socket = incoming?.socket;
  if (!incoming || !socket || socket.destroyed || incoming.complete || lingering.has(incoming)) return;
  lingering.add(incoming);

  let discarded = 0;
  let enough = false; // the client finished, or used up its allowance
  let flushed = false; // our response is out and the write side is closed (FIN sent)
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    incoming.off('data', onData);
    socket.destroy();
  };
  const stopReading = () => {
    enough = true;
    incoming.off('data', onData);
    incoming.pause();
    if (flushed) close();
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limits.bytes) stopReading();
  };
  const timer = setTimeout(stopReading, limits.ms);
  timer.unref();

  // The body reader Hono abandoned (Readable.toWeb) would queue every chunk in memory: drop it, as Node's
  // own req._dump() does, and discard chunks as they come.
  incoming.removeAllListeners('data');
  incoming.on('data', onData);
  incoming.on('error', () => undefined); // a client that resets mid-body is expected here, not a server error
  incoming.once('end', () => {
    enough = true;
    if (flushed) close();
  });
  incoming.resume();
  socket.once('close', () => {
    closed = true;
    clearTimeout(timer);
  });

  // Node calls this once the 413 is written (and @hono/node-server's own 500 ms drain calls it again):
  // half-close now, destroy when both the response is flushed and the lingering is over.
  socket.destroySoon = function lingeringDestroySoon() {
    if (flushed || closed) return;
    if (socket.writable) socket.end();
    const onFlushed = () => {
      flushed = true;
      discarded = 0; // the allowance counts from when the client can see the answer
      if (enough) close();
    };
    if (socket.writableFinished) onFlushed();
    else socket.once('finish', onFlushed);
  };
}
