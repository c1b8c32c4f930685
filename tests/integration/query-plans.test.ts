/**
 * Every hot lookup uses an index, with PocketBase's own generated SQL (issue "ingest at scale" item 2).
 * PocketBase runs in dev mode (PB_LOG_SQL) so every statement it executes — for our REST calls and inside our
 * pb_hooks transactions alike — reaches the log; a real workload runs through the sandbox (new customers, a
 * username-only customer, replies with an Idempotency-Key, statuses, a quoted reply, a reaction); then each
 * distinct SELECT on a big table is explained by SQLite and must not be a full `SCAN` of that table.
 * Before the lookup indexes, `wamid = …`, `client_id = …`, `user_id = …` and `contact = …` were all scans.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { api, login, startTestServer, tempDataDir, until, type TestServer } from '../setup/harness.ts';
import { systemPrincipal } from '../../api/src/engine/policy/permissions.ts';
import type { ConversationRecord, MessageRecord } from '../../api/src/lib/records.ts';
import type { Logger } from '../../api/src/lib/logger.ts';

const BIG_TABLES = ['messages', 'contacts', 'conversations', 'pending_statuses', 'idempotency_keys', 'domain_events'];
const statements = new Set<string>();
/** PocketBase's dev mode prints each statement as "[1.23ms] SELECT …" (on stderr, logged as a warning) */
function collect(msg: string, extra?: Record<string, unknown>): void {
  if (!msg.startsWith('pocketbase') || typeof extra?.out !== 'string') return;
  for (const line of extra.out.split('\n')) {
    const m = /^\[[\d.]+m?s\] ((?:SELECT|UPDATE) .*)$/s.exec(line.trim());
    if (m) statements.add(m[1]!);
  }
}
const capture: Logger = { debug: collect, info: collect, warn: collect, error: () => {} };

let s: TestServer;
const dataDir = tempDataDir();
const start = () => startTestServer({ dataDir, env: { PB_LOG_SQL: 'true', LOG_LEVEL: 'debug' }, log: capture });
beforeAll(async () => {
  s = await start();
});
afterAll(async () => {
  await s?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** the statement's plan rows, e.g. "SEARCH messages USING INDEX idx_messages_wamid_lookup (wamid=?)" */
async function plan(sql: string): Promise<string[]> {
  const rows = await s.ctx.pb.send<Array<{ detail: string }>>('/api/spunta/query-plan', {
    method: 'POST',
    body: { sql },
  });
  return rows.map((r) => r.detail);
}

/** a lookup: a WHERE on a big table (list pages ordered by an index and full exports are not lookups) */
function lookupTable(sql: string): string | undefined {
  const m = /^SELECT .*? FROM `(\w+)`(?: `?\w+`?)? WHERE (.*)$/s.exec(sql);
  if (!m || !BIG_TABLES.includes(m[1]!)) return undefined;
  return m[1];
}

const deliveredOut = async (n: number) =>
  until(async () => {
    const filter = "direction = 'out' && (status = 'delivered' || status = 'read')";
    return (await s.ctx.pb.collection('messages').getList(1, 1, { filter })).totalItems >= n;
  });

it('wamid, client id, idempotency key, contact by wa_id / BSUID, chat by contact, pending statuses: SEARCH, never SCAN', async () => {
  let token = await login(s);
  const phones = Array.from({ length: 12 }, (_, i) => `3934700${String(i).padStart(4, '0')}`);
  for (const p of phones) await s.sandbox!.customerSend({ type: 'text', from: p, name: `Cliente ${p}`, text: 'Ciao' });
  await s.sandbox!.customerSend({ type: 'text', from: '393470099999', hidePhone: true, username: 'anon', text: 'hi' });
  await until(async () => (await s.ctx.pb.collection('messages').getList(1, 1)).totalItems >= phones.length + 1);
  await s.idle();
  // the operator answers with an Idempotency-Key (a client id), once replayed
  for (const p of phones.slice(0, 6)) {
    const r = await api(
      s,
      token,
      'POST',
      '/api/v1/messages',
      { to: p, type: 'text', text: { body: 'Eccomi' } },
      {
        'idempotency-key': `k-${p}`,
      },
    );
    expect(r.status).toBe(202);
  }
  const replay = { to: phones[0], type: 'text', text: { body: 'Eccomi' } };
  expect(
    (await api(s, token, 'POST', '/api/v1/messages', replay, { 'idempotency-key': `k-${phones[0]}` })).status,
  ).toBe(202);
  await deliveredOut(6);
  await s.idle();

  // after a restart nothing is cached: every reference is looked up in the store
  await s.stop();
  s = await start();
  token = await login(s);
  // (the test's own reads go through indexes too: chats by recency, messages by chat)
  const convs = (
    await s.ctx.pb.collection('conversations').getList<ConversationRecord>(1, 20, { sort: '-last_message_at' })
  ).items;
  const inbound = async (c: ConversationRecord) =>
    (
      await s.ctx.pb.collection('messages').getList<MessageRecord>(1, 1, {
        filter: s.ctx.pb.filter("conversation = {:c} && direction = 'in'", { c: c.id }),
      })
    ).items[0]!;
  const first = await Promise.all(convs.slice(0, 4).map(inbound));
  await s.sandbox!.customerSend({
    type: 'text',
    from: phones[1]!,
    text: 'e quindi?',
    context: { replyTo: first[1]!.wamid },
  });
  await s.sandbox!.customerSend({ type: 'reaction', from: phones[2]!, messageId: first[2]!.wamid, emoji: '👍' });
  await s.sandbox!.customerSend({ type: 'text', from: '393470099999', hidePhone: true, text: 'ancora io' });
  const conv = first[3]!.conversation;
  // a system sender (automations, campaigns) repeating a client id gets the first message back
  const send = () =>
    s.ctx.send.enqueue({
      principal: systemPrincipal('test'),
      to: { conversationId: conv },
      body: { type: 'text', text: { body: 'Promemoria' } },
      clientId: 'plan-test-once',
      purpose: 'system',
    });
  const a = await send();
  await deliveredOut(7);
  await s.idle();
  await s.stop();
  s = await start();
  const b = await send();
  expect(b.message.id).toBe(a.message.id);
  await s.idle();

  const lookups = [...statements].filter((q) => lookupTable(q));
  const offenders: string[] = [];
  for (const sql of lookups) {
    const table = lookupTable(sql)!;
    const rows = await plan(sql);
    // a bare "SCAN <table>" reads every row; "SCAN … USING (COVERING) INDEX" or "SEARCH" do not
    if (rows.some((d) => d === `SCAN ${table}` || new RegExp(`^SCAN ${table} *$`).test(d))) {
      offenders.push(`${rows.join(' | ')}\n    ${sql.slice(0, 300)}`);
    }
  }
  expect(offenders, `lookups that scan a whole table:\n${offenders.join('\n')}`).toEqual([]);
  // the test saw the lookups it is about (it cannot pass by seeing nothing)
  const saw = (re: RegExp) => lookups.some((q) => re.test(q));
  expect(saw(/FROM `messages` WHERE .*`wamid` =/)).toBe(true);
  expect(saw(/FROM `messages` WHERE .*`client_id` =/)).toBe(true);
  expect(saw(/FROM `contacts` WHERE .*`wa_id` =/)).toBe(true);
  expect(saw(/FROM `contacts` WHERE .*`user_id` =/)).toBe(true);
  expect(saw(/FROM `conversations` WHERE .*`contact` =/)).toBe(true);
  expect(saw(/FROM `idempotency_keys` WHERE/)).toBe(true);
  expect(saw(/FROM `pending_statuses` WHERE .*`wamid` =/)).toBe(true);
}, 120_000);

it('a campaign: its pages, statuses and statistics walk indexes; no page sorts everyone left to send', async () => {
  const token = await login(s);
  const { pb } = s.ctx;
  const number = await pb.collection('wa_numbers').getFirstListItem<{ id: string }>('');
  await until(
    async () =>
      (
        await pb.collection('templates').getList(1, 1, {
          filter: "status = 'APPROVED' && name = 'appointment_reminder' && language = 'it'",
        })
      ).totalItems > 0,
    20_000,
  );
  const list = (await pb.collection('lists').create({ name: 'Piano' })).id;
  // more than the ~15 ids above which SQLite's planner prefers another index of a batched lookup's condition
  const N = 30;
  for (let i = 0; i < N; i++) {
    const digits = `3934800${String(i).padStart(4, '0')}`;
    await pb.collection('contacts').create({
      wa_number: number.id,
      phone: `+${digits}`,
      wa_id: digits,
      phone_valid: true,
      first_name: `Piano${i}`,
      language: 'it',
      lists: [list],
    });
  }
  const created = await api(s, token, 'POST', '/api/v1/campaigns', {
    name: 'Piani',
    template: {
      name: 'appointment_reminder',
      language: 'it',
      params: { '1': '{{contact.first_name}}', '2': 'a', '3': 'b' },
    },
    audience: { lists: [list] },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await api(s, token, 'POST', `/api/v1/campaigns/${created.body.id}/start`)).status).toBe(200);
  await until(async () => {
    const c = (await api(s, token, 'GET', `/api/v1/campaigns/${created.body.id}`)).body;
    return c.state === 'completed' && c.stats.delivered + c.stats.read >= N;
  }, 60_000);
  await s.idle();

  const mine = [...statements].filter((q) => /\bcampaign_recipients\b/.test(q) && /\bWHERE\b/.test(q));
  const offenders: string[] = [];
  for (const sql of mine) {
    const rows = await plan(sql);
    if (rows.some((d) => /^SCAN campaign_recipients *$/.test(d) || /TEMP B-TREE FOR ORDER BY/.test(d)))
      offenders.push(`${rows.join(' | ')}\n    ${sql.slice(0, 300)}`);
  }
  expect(offenders, `campaign statements that scan or sort:\n${offenders.join('\n')}`).toEqual([]);
  // A batched read by ids (a page's contacts, the messages whose statuses a recipient row follows) walks the
  // primary key. With a condition on an indexed column beside the ids (`status = … || …`), SQLite walked
  // that column's index instead — every sent message of every campaign, once per batch of recipients.
  const byIds = [...statements].filter((q) => /WHERE \(*`(\w+)`\.`id` = '[a-z0-9]+' OR /.test(q));
  expect(byIds.length).toBeGreaterThan(0);
  const wrongIndex: string[] = [];
  for (const sql of byIds) {
    const rows = await plan(sql);
    if (rows.some((d) => / USING (COVERING )?INDEX (?!sqlite_autoindex_)/.test(d) || /^SCAN /.test(d)))
      wrongIndex.push(`${rows.slice(0, 2).join(' | ')}\n    ${sql.slice(0, 300)}`);
  }
  expect(wrongIndex, `batched reads by id that walk another index:\n${wrongIndex.join('\n')}`).toEqual([]);
  const saw = (re: RegExp) => mine.some((q) => re.test(q));
  // a status moving a recipient forward, and a page of recipients to hand over
  expect(saw(/^UPDATE campaign_recipients SET .* WHERE message=/)).toBe(true);
  expect(saw(/^SELECT .* FROM campaign_recipients .*ORDER BY id LIMIT/)).toBe(true);
}, 120_000);

it("a chat's pages walk its index in order: no page sorts every message of the chat", async () => {
  const token = await login(s);
  const { pb } = s.ctx;
  const from = '393470077777';
  for (const text of ['uno', 'due', 'tre']) await s.sandbox!.customerSend({ type: 'text', from, text });
  const conv = await until(async () => {
    const c = (
      await pb.collection('conversations').getList<ConversationRecord>(1, 1, {
        filter: pb.filter('contact.wa_id = {:w}', { w: from }),
      })
    ).items[0];
    if (!c) return undefined;
    const n = (await pb.collection('messages').getList(1, 1, { filter: pb.filter('conversation = {:c}', { c: c.id }) }))
      .totalItems;
    return n >= 3 ? c : undefined;
  });
  await s.idle();
  statements.clear();
  const first = await api(s, token, 'GET', `/api/v1/conversations/${conv.id}/messages?limit=2`);
  expect(first.status).toBe(200);
  expect(first.body.items.length).toBeGreaterThan(0);
  const oldest = first.body.items[0];
  const older = await api(
    s,
    token,
    'GET',
    `/api/v1/conversations/${conv.id}/messages?limit=2&before_created=${encodeURIComponent(oldest.created)}&before_id=${oldest.id}`,
  );
  expect(older.status).toBe(200);
  const byTime = await api(
    s,
    token,
    'GET',
    `/api/v1/conversations/${conv.id}/messages?limit=2&before=${encodeURIComponent(new Date().toISOString())}`,
  );
  expect(byTime.status).toBe(200);
  const pages = [...statements].filter((q) => /FROM `messages` .*`messages`.`conversation` = .*ORDER BY/s.test(q));
  // the first page, an older page by arrival, an older page by timestamp
  expect(pages.length).toBeGreaterThanOrEqual(3);
  const sorted: string[] = [];
  for (const sql of pages) {
    const rows = await plan(sql);
    if (rows.some((d) => /TEMP B-TREE FOR (LAST TERM OF )?ORDER BY/.test(d) || /^SCAN messages *$/.test(d)))
      sorted.push(`${rows.join(' | ')}\n    ${sql.slice(0, 300)}`);
  }
  expect(sorted, `chat pages that sort the whole chat:\n${sorted.join('\n')}`).toEqual([]);
}, 60_000);
