/**
 * EXPLAIN QUERY PLAN of the writer's hot lookups on the populated store, through the superuser-only
 * POST /api/spunta/query-plan (pb_hooks/query_plan.pb.js). The SQL is what PocketBase generates for the app's
 * filters (as PocketBase's dev mode logs it, see tests/integration/query-plans.test.ts), with values from the
 * store. A bare `SCAN <table>` reads the whole table and is flagged.
 */
import type { DirectPb } from './store.ts';
import { type StoreSize, storeContactId, storeOutbound, storeWaId, storeWamid } from './shape.ts';

const cols = (t: string) => `\`${t}\`.*`;
const anyOf = (t: string, f: string, vs: string[]) => `(${vs.map((v) => `\`${t}\`.\`${f}\` = '${v}'`).join(' OR ')})`;

export function hotLookups(size: StoreSize, numberId: string): Array<{ name: string; sql: string }> {
  const wamids = [1, 2, 3].map((k) => storeWamid(storeOutbound(Math.floor((k * size.messages) / 4), size).i));
  const waIds = [11, 22, 33].map((k) => storeWaId((k * 997) % size.contacts));
  const contacts = [5, 6, 7].map((k) => storeContactId(k));
  const since = new Date(Date.now() - 86_400_000).toISOString().replace('T', ' ');
  return [
    {
      name: 'message by wamid (writer prefetch, batched)',
      sql: `SELECT ${cols('messages')} FROM \`messages\` WHERE (${anyOf('messages', 'wamid', wamids)}) LIMIT 500`,
    },
    {
      name: 'message by client_id (queued send, repeated client id)',
      sql: `SELECT ${cols('messages')} FROM \`messages\` WHERE \`messages\`.\`client_id\` = 'bench-0000000000001' LIMIT 1`,
    },
    {
      name: 'idempotency key (POST /api/v1/messages with Idempotency-Key)',
      sql: `SELECT ${cols('idempotency_keys')} FROM \`idempotency_keys\` WHERE (\`idempotency_keys\`.\`principal\` = 'user:abc' AND \`idempotency_keys\`.\`key\` = 'k-1' AND \`idempotency_keys\`.\`created\` >= '${since}') LIMIT 1`,
    },
    {
      name: 'contact by wa_id on a number (writer prefetch, batched)',
      sql: `SELECT ${cols('contacts')} FROM \`contacts\` WHERE (${anyOf('contacts', 'wa_id', waIds)} AND \`contacts\`.\`wa_number\` = '${numberId}') LIMIT 500`,
    },
    {
      name: 'contact by BSUID (user_id) on a number',
      sql: `SELECT ${cols('contacts')} FROM \`contacts\` WHERE (${anyOf('contacts', 'user_id', ['IT.1234567890', 'IT.2345678901'])} AND \`contacts\`.\`wa_number\` = '${numberId}') LIMIT 500`,
    },
    {
      name: 'pending_statuses by wamid (send answered)',
      sql: `SELECT ${cols('pending_statuses')} FROM \`pending_statuses\` WHERE (${anyOf('pending_statuses', 'wamid', wamids)}) LIMIT 500`,
    },
    {
      name: 'conversation by contact (writer prefetch, batched)',
      sql: `SELECT ${cols('conversations')} FROM \`conversations\` WHERE (${anyOf('conversations', 'contact', contacts)}) LIMIT 500`,
    },
    {
      name: 'conversation by contact + number',
      sql: `SELECT ${cols('conversations')} FROM \`conversations\` WHERE (\`conversations\`.\`wa_number\` = '${numberId}' AND \`conversations\`.\`contact\` = '${contacts[0]}') LIMIT 1`,
    },
    {
      name: "open chat's newest page (messages of one chat)",
      sql: `SELECT ${cols('messages')} FROM \`messages\` WHERE \`messages\`.\`conversation\` = 'bv0000000000005' ORDER BY \`messages\`.\`timestamp\` DESC, \`messages\`.\`id\` DESC LIMIT 50`,
    },
    {
      name: "bench's own count (inbound stored between two ids)",
      sql: `SELECT COUNT(DISTINCT \`messages\`.\`_rowid_\`) FROM \`messages\` WHERE (\`messages\`.\`id\` > 'mx00000000' AND \`messages\`.\`id\` <= 'mx10000000zzzzz' AND \`messages\`.\`direction\` = 'in')`,
    },
  ];
}

export async function printPlans(db: DirectPb, size: StoreSize, numberId: string): Promise<string[]> {
  const scans: string[] = [];
  process.stdout.write('\nQuery plans on the populated store (EXPLAIN QUERY PLAN):\n');
  for (const { name, sql } of hotLookups(size, numberId)) {
    const rows = await db.plan(sql);
    const table = /FROM `(\w+)`/.exec(sql)![1]!;
    const full = rows.some((r) => new RegExp(`^SCAN ${table}\\s*$`).test(r.detail));
    if (full) scans.push(name);
    process.stdout.write(`  ${full ? 'FULL SCAN ' : ''}${name}\n`);
    for (const r of rows) process.stdout.write(`      ${r.detail}\n`);
  }
  return scans;
}
