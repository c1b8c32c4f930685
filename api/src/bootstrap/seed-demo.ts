/**
 * A small realistic demo for the sandbox (skipped with SEED=false or when chats already exist):
 * customers writing in Italian and English through the sandbox — so their messages travel the real
 * webhook path — at different times, some inside the 24 h window and some outside it, plus earlier
 * business replies recorded as already read.
 */
import type { AppContext } from '../lib/context.ts';
import { newRecordId, pbDate, type ConversationRecord, type WaNumberRecord } from '../lib/records.ts';
import type { Sandbox } from '../modules/sandbox/index.ts';
import { updateRecord } from '../lib/record-update.ts';

interface Line {
  ago: number; // minutes before now
  by: 'customer' | 'business';
  text: string;
}

const H = 60;
const DEMO: Array<{ phone: string; name: string; lines: Line[] }> = [
  {
    phone: '393471234567',
    name: 'Giulia Rossi',
    lines: [
      { ago: 52, by: 'customer', text: 'Buongiorno! Avete ancora disponibile il divano Oslo in grigio?' },
      {
        ago: 47,
        by: 'business',
        text: 'Buongiorno Giulia! Sì, è disponibile. Preferisce la consegna o il ritiro in negozio?',
      },
      { ago: 12, by: 'customer', text: 'Consegna, grazie. Quanto costa la spedizione a Bologna?' },
    ],
  },
  {
    phone: '447700900123',
    name: 'Oliver Smith',
    lines: [
      { ago: 3 * H, by: 'customer', text: 'Hi, my order #10452 hasn’t arrived yet. Can you check?' },
      {
        ago: 3 * H - 10,
        by: 'business',
        text: 'Hi Oliver, sorry about that! It left our warehouse yesterday, tracking: *GB-88213*.',
      },
      { ago: 2 * H, by: 'customer', text: 'Great, thanks for the quick reply 👍' },
    ],
  },
  {
    phone: '393398765432',
    name: 'Marco Bianchi',
    lines: [{ ago: 5, by: 'customer', text: 'Ciao, vorrei prenotare un appuntamento per sabato mattina.' }],
  },
  {
    phone: '14155550123',
    name: 'Emily Johnson',
    lines: [
      { ago: 30 * H, by: 'customer', text: 'Do you ship to California?' },
      { ago: 29 * H, by: 'business', text: 'Yes! Shipping to the US takes 5–7 business days.' },
    ],
  },
  {
    phone: '393351112233',
    name: 'Francesca Romano',
    lines: [
      { ago: 26 * H, by: 'customer', text: 'Grazie mille per l’assistenza di ieri!' },
      { ago: 26 * H - 5, by: 'business', text: 'Grazie a lei Francesca, a presto!' },
    ],
  },
  {
    phone: '447911123456',
    name: 'James Wilson',
    lines: [{ ago: 40, by: 'customer', text: 'Is the store open on Sunday?' }],
  },
];

export async function seedDemo(ctx: AppContext, sandbox: Sandbox, firstRun: boolean): Promise<void> {
  const { pb, writer, log } = ctx;
  const existing = await pb.collection('conversations').getList(1, 1, { fields: 'id' });
  if (existing.totalItems > 0 || !firstRun) return;
  const number = (await pb.collection('wa_numbers').getList<WaNumberRecord>(1, 1, { sort: 'created' })).items[0];
  if (!number) return;
  const now = Date.now();
  for (const chat of DEMO) {
    for (const line of chat.lines.filter((l) => l.by === 'customer')) {
      await sandbox.customerSend({
        type: 'text',
        from: chat.phone,
        name: chat.name,
        text: line.text,
        timestamp: Math.floor((now - line.ago * 60_000) / 1000),
      });
    }
  }
  await waitFor(
    async () => (await pb.collection('conversations').getList(1, 1, { fields: 'id' })).totalItems >= DEMO.length,
    10_000,
  );
  await writer.idle();
  // Earlier business replies: history only (already read), written straight into the store.
  for (const chat of DEMO) {
    const conv = (
      await pb
        .collection('conversations')
        .getList<ConversationRecord>(1, 1, { filter: pb.filter('contact_phone = {:p}', { p: `+${chat.phone}` }) })
    ).items[0];
    if (!conv) continue;
    for (const line of chat.lines.filter((l) => l.by === 'business')) {
      const at = pbDate(now - line.ago * 60_000);
      await pb.collection('messages').create({
        id: newRecordId(),
        conversation: conv.id,
        direction: 'out',
        type: 'text',
        payload: { body: line.text },
        preview: line.text,
        status: 'read',
        timestamp: at,
        sent_at: at,
        delivered_at: at,
        read_at: at,
        media_status: 'none',
        wamid: `wamid.demo${newRecordId()}`,
      });
    }
    const last = chat.lines[chat.lines.length - 1]!;
    if (last.by === 'business') {
      await writer.task(async () => {
        const c = await updateRecord<ConversationRecord>(pb, 'conversations', conv.id, {
          last_message_at: pbDate(now - last.ago * 60_000),
          last_message_preview: last.text,
          last_message_direction: 'out',
          last_message_status: 'read',
          unread_count: 0,
        });
        writer.cache.putConversation(c);
      });
    }
  }
  log.info('demo data seeded', { chats: DEMO.length });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
