import { describe, expect, it, vi } from 'vitest';
import type { Message } from '../../lib/types.ts';
import { createOutbox, type OutboxItem, type SendBody } from './outbox.store.ts';

const ME = 'u00000000000001';
const body: SendBody = { to: '+393470000000', type: 'text', text: { body: 'ciao' } };

function serverMessage(key: string, status: Message['status'] = 'queued'): Message {
  return {
    id: `m${key}`.slice(0, 15),
    conversation: 'c1',
    direction: 'out',
    type: 'text',
    payload: { body: 'ciao' },
    preview: 'ciao',
    wamid: '',
    client_id: `${ME}:${key}`,
    status,
    error_code: 0,
    error_title: '',
    error_details: '',
    timestamp: '2025-05-10 10:00:00.000Z',
    sender: ME,
    reply_to: '',
    context: null,
    reactions: null,
    media: '',
    media_status: 'none',
  };
}

const netError = () => Object.assign(new Error('Network error'), { code: 'network', status: 0 });

describe('outbox (optimistic sending)', () => {
  it('shows the message immediately, then removes it once the server accepted it', async () => {
    let resolve!: (v: { message: Message }) => void;
    const post = vi.fn((_b: SendBody, _k: string) => new Promise<{ message: Message }>((r) => (resolve = r)));
    const box = createOutbox({ post });
    const sent = box.send({ key: 'k1', conversationId: 'c1', type: 'text', payload: { body: 'ciao' }, body });
    expect(box.$outbox.get()).toMatchObject([{ key: 'k1', state: 'sending', payload: { body: 'ciao' } }]);
    resolve({ message: serverMessage('k1') });
    expect((await sent)?.client_id).toBe(`${ME}:k1`);
    expect(box.$outbox.get()).toEqual([]);
    expect(post).toHaveBeenCalledWith(body, 'k1');
  });

  it('keeps a send that found no network waiting, asks for a background sync, and resends it with the same Idempotency-Key', async () => {
    const post = vi
      .fn()
      .mockRejectedValueOnce(netError())
      .mockResolvedValueOnce({ message: serverMessage('k2') });
    const waiting = vi.fn();
    const box = createOutbox({ post, waiting });
    expect(await box.send({ key: 'k2', conversationId: 'c1', type: 'text', payload: {}, body })).toBeUndefined();
    expect(box.$outbox.get()[0]).toMatchObject({ state: 'waiting', error: { code: 'network', status: 0 } });
    expect(waiting).toHaveBeenCalledTimes(1);
    box.retryTransient();
    await vi.waitFor(() => expect(box.$outbox.get()).toEqual([]));
    expect(post.mock.calls.map((c) => c[1])).toEqual(['k2', 'k2']);
  });

  it('does not auto-retry a refusal (closed window) and keeps its reason', async () => {
    const refusal = Object.assign(new Error('The 24-hour window is closed'), {
      code: 'template_required',
      status: 422,
    });
    const post = vi.fn().mockRejectedValue(refusal);
    const box = createOutbox({ post });
    await box.send({ key: 'k3', conversationId: 'c1', type: 'text', payload: {}, body });
    box.retryTransient();
    expect(post).toHaveBeenCalledTimes(1);
    expect(box.$outbox.get()[0]?.error).toEqual({
      code: 'template_required',
      status: 422,
      message: 'The 24-hour window is closed',
    });
    box.discard('k3');
    expect(box.$outbox.get()).toEqual([]);
  });

  it('settles from realtime before the HTTP response arrives', async () => {
    const post = vi.fn(() => new Promise<{ message: Message }>(() => undefined));
    const box = createOutbox({ post });
    void box.send({ key: 'k4', conversationId: 'c1', type: 'text', payload: {}, body });
    box.settle(serverMessage('k4', 'sent'));
    expect(box.$outbox.get()).toEqual([]);
  });

  it('prepares uploads before sending and persists only items with a body', async () => {
    const saved: OutboxItem[][] = [];
    const post = vi.fn().mockResolvedValue({ message: serverMessage('k5') });
    const box = createOutbox({ post, save: (items) => saved.push(items) });
    let release!: () => void;
    const prepared = new Promise<void>((r) => (release = r));
    const p = box.send({
      key: 'k5',
      conversationId: 'c1',
      type: 'image',
      payload: {},
      localUrl: 'blob:x',
      prepare: async () => {
        await prepared;
        return { to: '+39347', type: 'image', image: { id: 'media1' } };
      },
    });
    expect(saved.at(-1)).toEqual([]);
    release();
    await p;
    expect(post).toHaveBeenCalledWith({ to: '+39347', type: 'image', image: { id: 'media1' } }, 'k5');
  });

  it('resumes items a previous page left in flight, with their original key', async () => {
    const stored: OutboxItem[] = [
      { key: 'k6', conversationId: 'c1', type: 'text', payload: {}, createdAt: 1, state: 'sending', body },
    ];
    const post = vi.fn().mockResolvedValue({ message: serverMessage('k6') });
    const box = createOutbox({ post, load: async () => stored });
    await box.ready;
    expect(box.$outbox.get()).toHaveLength(1);
    await box.resume();
    await vi.waitFor(() => expect(box.$outbox.get()).toEqual([]));
    expect(post).toHaveBeenCalledWith(body, 'k6');
  });

  it('marks an item failed when the service worker could not deliver it (window closed meanwhile)', async () => {
    const post = vi.fn().mockRejectedValue(netError());
    const box = createOutbox({ post });
    await box.send({ key: 'k7', conversationId: 'c1', type: 'text', payload: {}, body });
    box.fail('k7', { code: 'template_required', status: 422, message: 'The 24-hour window is closed' });
    expect(box.$outbox.get()[0]).toMatchObject({ state: 'failed', error: { code: 'template_required' } });
    box.retryTransient();
    expect(post).toHaveBeenCalledTimes(1);
  });
});
