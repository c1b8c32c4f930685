/**
 * The set-based SQL that writes the pre-populated store (run in one transaction by the bench-only hook route,
 * see store.ts): recursive CTEs counting rows, every value a formula of the row's number (shape.ts holds the
 * same formulas for the load generator). Every column PocketBase expects is filled as the app writes it:
 * 15-character [a-z0-9] ids, dates as 'YYYY-MM-DD HH:MM:SS.mmmZ', JSON valid or NULL, relations to rows that
 * exist, and unique keys respected (wamid, client_id, contact phone per number, one chat per contact and number).
 */
import { type StoreSize, WAMID_HEAD, WAMID_TAIL } from './shape.ts';

export interface StoreSqlInput {
  size: StoreSize;
  numberId: string;
  adminId: string;
  /** the pool's operators: chats are spread over them, every fifth unassigned */
  operators: string[];
  /** generation time (ms): the history ends a minute before it */
  now: number;
}

const DAY = 86_400_000;
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** a PocketBase date from unix ms */
const D = (ms: string) => `(strftime('%Y-%m-%d %H:%M:%f', (${ms}) / 1000.0, 'unixepoch') || 'Z')`;
/** a 32-bit multiplicative hash of an integer expression (deterministic pseudo-random) */
const h = (x: string, mul: number, salt: number) => `((((${x}) * ${mul}) + ${salt}) % 4294967296)`;

export function storeSql(p: StoreSqlInput): Array<{ label: string; sql: string }> {
  const { messages: M, contacts: C, conversations: V } = p.size;
  if (V > C) throw new Error('BENCH_STORE_CONVERSATIONS must not exceed BENCH_STORE_CONTACTS');
  if (M < 2 * V) throw new Error('BENCH_STORE_MESSAGES must be at least twice BENCH_STORE_CONVERSATIONS');
  if (!p.operators.length) throw new Error('the store needs operators');
  const K = Math.floor(M / V);
  const R = M % V;
  const BIG = R * (K + 1);
  const num = q(p.numberId);
  const now = p.now;
  const ops = p.operators.map((id, i) => `WHEN ${i} THEN ${q(id)}`).join(' ');
  const unassigned = (c: string) => `(${c}) % 5 = 4`;
  const assignee = (c: string) =>
    `CASE WHEN ${unassigned(c)} THEN '' ELSE CASE (${c}) % ${p.operators.length} ${ops} END END`;
  const sender = (c: string) =>
    `CASE WHEN ${unassigned(c)} THEN ${q(p.adminId)} ELSE CASE (${c}) % ${p.operators.length} ${ops} END END`;
  // chat c: messages every gap (2 min … 8 h), its last one up to 180 days ago
  const gap = (c: string) => `((120 + ${h(c, 2654435761, 7)} % ${8 * 3600 - 120}) * 1000)`;
  const back = (c: string) => `((${h(c, 2246822519, 3)} % ${180 * 86400}) * 1000)`;
  const kn = (c: string) => `(${K} + ((${c}) < ${R}))`;
  const start = (c: string) => `(${now} - 60000 - ${back(c)} - ${kn(c)} * ${gap(c)})`;
  const phone = (j: string) => `(3300000000 + (${j}))`;

  const contacts = `
WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j + 1 < ${C})
INSERT INTO contacts (id, wa_number, phone, wa_id, profile_name, tags, lists, created, updated)
SELECT 'bc' || printf('%013d', j), ${num}, '+39' || ${phone('j')}, '39' || ${phone('j')}, 'Cliente ' || j, '[]', '[]',
  ${D(`${now} - ${190 * DAY} - (${h('j', 3266489917, 1)} % 864000) * 1000`)},
  ${D(`${now} - ${190 * DAY} - (${h('j', 3266489917, 1)} % 864000) * 1000`)}
FROM n`;

  const conversations = `
WITH RECURSIVE n(c) AS (SELECT 0 UNION ALL SELECT c + 1 FROM n WHERE c + 1 < ${V})
INSERT INTO conversations (id, wa_number, contact, assignee, assigned_by, status, unread_count, contact_name,
  contact_phone, created, updated)
SELECT 'bv' || printf('%013d', c), ${num}, 'bc' || printf('%013d', c), ${assignee('c')},
  CASE WHEN ${unassigned('c')} THEN '' ELSE ${q(p.adminId)} END, 'open', 0, 'Cliente ' || c, '+39' || ${phone('c')},
  ${D(start('c'))}, ${D(start('c'))}
FROM n`;

  // message i → chat c, position k (shape.ts messageCoords); odd k are our replies (but in every third chat the
  // customer wrote last: its last message is theirs): 3 % failed (131026), 9 % delivered, the rest read
  const messages = `
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${M}),
g AS (
  SELECT i,
    CASE WHEN i < ${BIG} THEN i / ${K + 1} ELSE ${R} + (i - ${BIG}) / ${K} END AS c,
    CASE WHEN i < ${BIG} THEN i % ${K + 1} ELSE (i - ${BIG}) % ${K} END AS k
  FROM n),
t AS (
  SELECT i, c, CASE WHEN k % 2 = 1 AND NOT (k = ${kn('c')} - 1 AND c % 3 = 0) THEN 1 ELSE 0 END AS o,
    ${h('i', 2654435761, 5)} % 100 AS r,
    ${start('c')} + k * ${gap('c')} + ${h('i', 3266489917, 11)} % (${gap('c')} / 2) AS ts,
    CASE WHEN k % 2 = 0 OR (k = ${kn('c')} - 1 AND c % 3 = 0) THEN 'Buongiorno, l''ordine ' || (1000 + i % 9000) || ' è già partito?'
      ELSE 'Sì, è partito oggi: arriva entro due giorni (rif. ' || i || ')' END AS p
  FROM g)
INSERT INTO messages (id, conversation, direction, type, payload, preview, wamid, client_id, status, timestamp,
  sent_at, delivered_at, read_at, failed_at, error_code, error_title, sender, purpose, media_status, attempts,
  billable, pricing_model, pricing_type, pricing_category, created, updated)
SELECT 'bm' || printf('%013d', i), 'bv' || printf('%013d', c), CASE o WHEN 1 THEN 'out' ELSE 'in' END, 'text',
  json_object('body', p), p, ${q(WAMID_HEAD)} || printf('%020d', i) || ${q(WAMID_TAIL)},
  CASE o WHEN 1 THEN 'bench-' || printf('%013d', i) ELSE '' END,
  CASE WHEN o = 0 THEN 'received' WHEN r < 3 THEN 'failed' WHEN r < 12 THEN 'delivered' ELSE 'read' END,
  ${D('ts')},
  CASE o WHEN 1 THEN ${D('ts + 1000')} ELSE '' END,
  CASE WHEN o = 1 AND r >= 3 THEN ${D('ts + 2000')} ELSE '' END,
  CASE WHEN o = 1 AND r >= 12 THEN ${D(`min(ts + 60000 + r * 30000, ${now - 1000})`)} ELSE '' END,
  CASE WHEN o = 1 AND r < 3 THEN ${D('ts + 2000')} ELSE '' END,
  CASE WHEN o = 1 AND r < 3 THEN 131026 ELSE 0 END,
  CASE WHEN o = 1 AND r < 3 THEN 'Message undeliverable' ELSE '' END,
  CASE o WHEN 1 THEN ${sender('c')} ELSE '' END,
  CASE o WHEN 1 THEN 'reply' ELSE '' END,
  'none', o, 0,
  CASE o WHEN 1 THEN 'PMP' ELSE '' END,
  CASE o WHEN 1 THEN 'free_customer_service' ELSE '' END,
  CASE o WHEN 1 THEN 'service' ELSE '' END,
  ${D('ts')},
  CASE WHEN o = 1 AND r >= 12 THEN ${D(`min(ts + 60000 + r * 30000, ${now - 1000})`)}
       WHEN o = 1 THEN ${D('ts + 2000')} ELSE ${D('ts')} END
FROM t`;

  // each chat's preview is its newest message, as the writer leaves it
  const lastMessage = `
UPDATE conversations SET (last_message_at, last_message_preview, last_message_direction, last_message_status,
  last_message_id, updated) = (
  SELECT m.timestamp, m.preview, m.direction, m.status, m.id, m.updated FROM messages m
  WHERE m.conversation = conversations.id ORDER BY m.timestamp DESC LIMIT 1)
WHERE id >= 'bv' AND id < 'bw'`;
  const lastInbound = `
UPDATE conversations SET last_inbound_at = coalesce((
  SELECT max(m.timestamp) FROM messages m WHERE m.conversation = conversations.id AND m.direction = 'in'), '')
WHERE id >= 'bv' AND id < 'bw'`;
  const recent = D(`${now - 3 * DAY}`);
  // chats quiet for 3 days are closed; open ones whose customer wrote last have 1–3 unread
  const state = `
UPDATE conversations SET window_opened_at = last_inbound_at,
  status = CASE WHEN last_message_at < ${recent} THEN 'closed' ELSE 'open' END,
  unread_count = CASE WHEN last_message_direction = 'in' AND last_message_at >= ${recent}
    THEN 1 + CAST(substr(id, 3) AS INTEGER) % 3 ELSE 0 END
WHERE id >= 'bv' AND id < 'bw'`;

  return [
    { label: `${C.toLocaleString('en')} contacts`, sql: contacts },
    { label: `${V.toLocaleString('en')} conversations`, sql: conversations },
    { label: `${M.toLocaleString('en')} messages`, sql: messages },
    { label: 'chat previews (newest message)', sql: lastMessage },
    { label: 'chat last inbound', sql: lastInbound },
    { label: 'chat status / unread', sql: state },
  ];
}
