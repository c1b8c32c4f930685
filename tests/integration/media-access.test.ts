/**
 * Chat media are not public by URL: the bare file URL answers 404; a short-lived file token opens it,
 * and only for users whose access rules let them see that chat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../api/src/lib/records.ts';
import { createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

let s: TestServer;
let admin: string;
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
});
afterAll(async () => {
  await s?.stop();
});

const fileToken = async (token: string) => {
  const r = await fetch(`${s.url}/pb/api/files/token`, { method: 'POST', headers: { authorization: token } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
};

describe('chat media', () => {
  it('the raw URL is refused; a file token of someone who may see the chat opens it; others get nothing', async () => {
    await s.sandbox!.customerSend({
      type: 'image',
      from: '393402260001',
      name: 'Foto privata',
      media: { data: PNG, mimeType: 'image/png' },
      caption: 'documento',
    });
    const m = await until(
      async () =>
        (
          await s.ctx.pb
            .collection('messages')
            .getList<MessageRecord>(1, 1, { filter: "type = 'image' && media_status = 'ready'" })
        ).items[0],
    );
    const url = `${s.url}/pb/api/files/messages/${m.id}/${m.media}`;

    const bare = await fetch(url);
    expect([403, 404]).toContain(bare.status);
    expect((await bare.arrayBuffer()).byteLength).toBeLessThan(PNG.byteLength + 200);
    expect((await fetch(`${url}?token=not-a-token`)).status).toBe(404);

    const ok = await fetch(`${url}?token=${await fileToken(admin)}`);
    expect(ok.status).toBe(200);
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(PNG);

    // an operator not assigned to this (unassigned) chat and not allowed to see unassigned chats
    const op = await createUser(s, 'operator', { see_unassigned: false });
    expect((await fetch(`${url}?token=${await fileToken(op.token)}`)).status).toBe(404);
    // nor is a user token accepted in place of a file token
    expect((await fetch(`${url}?token=${admin}`)).status).toBe(404);
  });
});
