/**
 * Who is on the other end of a request. X-Forwarded-For is only believed when TRUST_PROXY says how many
 * proxies of ours append to it; otherwise anyone could claim any address (and dodge the login throttle).
 */
import type { Context } from 'hono';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function socketAddress(c: Context): string {
  return (
    (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? ''
  );
}

/** The client's address: the socket's, or — behind `hops` trusted proxies — the one the outermost of them saw. */
export function clientAddress(c: Context, hops: number): string {
  const socket = socketAddress(c);
  if (hops <= 0) return socket;
  const chain = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // each trusted proxy appended the address it received from; the last `hops` entries are theirs to vouch for
  return chain[chain.length - hops] ?? chain[0] ?? socket;
}

/**
 * A request made on this machine by a local process, not relayed by a reverse proxy (a proxy on the
 * same host also connects from 127.0.0.1, but it announces the real client in a forwarding header).
 */
export function isLocalRequest(c: Context): boolean {
  if (!LOOPBACK.test(socketAddress(c))) return false;
  return !c.req.header('x-forwarded-for') && !c.req.header('forwarded') && !c.req.header('x-real-ip');
}
