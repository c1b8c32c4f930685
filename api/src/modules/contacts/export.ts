/**
 * CSV export of all or filtered contacts, streamed page by page (walked by id, 1000 at a time), with
 * standard fields, dynamic fields (one column each, named by key so the file re-imports as is), tags
 * and lists by name. See csv-out.ts for formula neutralising and how phone numbers are written.
 */
import type { PocketBase } from '../../lib/pb.ts';
import type { ContactRecord, UserRecord } from '../../lib/records.ts';
import type { ContactFilter } from './contacts.schema.ts';
import type { ContactsService } from './contacts.service.ts';
import { csvLine, phoneDigits } from './csv-out.ts';

const STANDARD = [
  'phone',
  'phone_valid',
  'country',
  'first_name',
  'last_name',
  'name',
  'profile_name',
  'email',
  'language',
  'notes',
  'owner',
] as const;
const TAIL = [
  'tags',
  'lists',
  'marketing_allowed',
  'opted_in_at',
  'opted_out_at',
  'consent_method',
  'consent_source',
  'blocked',
  'deleted_at',
  'last_contacted_at',
  'created',
  'id',
] as const;

export async function* exportCsv(
  pb: PocketBase,
  client: PocketBase,
  svc: ContactsService,
  user: UserRecord,
  f: ContactFilter,
): AsyncGenerator<string> {
  const defs = [...(await svc.defs.map()).values()].filter((d) => d.on_contact);
  const names = async (coll: string) =>
    new Map(
      (await pb.collection(coll).getFullList<{ id: string; name: string }>({ fields: 'id,name' })).map((x) => [
        x.id,
        x.name,
      ]),
    );
  const tags = await names('tags');
  const lists = await names('lists');
  const users = new Map(
    (await pb.collection('users').getFullList<{ id: string; email: string }>({ fields: 'id,email' })).map((u) => [
      u.id,
      u.email,
    ]),
  );
  const filter = await svc.filterString(user, f);
  yield `\uFEFF${csvLine([...STANDARD, ...defs.map((d) => d.key), ...TAIL])}`;
  let cursor = '';
  for (;;) {
    const where = [filter, cursor ? pb.filter('id > {:c}', { c: cursor }) : ''].filter(Boolean).join(' && ');
    const page = await client
      .collection('contacts')
      .getList<ContactRecord>(1, 1000, { filter: where, sort: 'id', skipTotal: true });
    if (!page.items.length) return;
    let out = '';
    for (const c of page.items) {
      const fields = c.fields ?? {};
      out += csvLine([
        phoneDigits(c.phone),
        c.phone_valid ?? false,
        c.country ?? '',
        c.first_name ?? '',
        c.last_name ?? '',
        c.name,
        c.profile_name,
        c.email ?? '',
        c.language,
        c.notes,
        users.get(c.owner ?? '') ?? '',
        ...defs.map((d) => fields[d.key] ?? ''),
        (c.tags ?? []).map((t) => tags.get(t) ?? t).join('|'),
        (c.lists ?? []).map((l) => lists.get(l) ?? l).join('|'),
        c.marketing_allowed ?? false,
        c.opted_in_at ?? '',
        c.opted_out_at ?? '',
        c.consent_method ?? '',
        c.consent_source ?? '',
        c.blocked ?? false,
        c.deleted_at ?? '',
        c.last_contacted_at ?? '',
        c.created,
        c.id,
      ]);
    }
    yield out;
    cursor = page.items[page.items.length - 1]!.id;
    if (page.items.length < 1000) return;
  }
}

/** An async generator of text as a streamed HTTP body. */
export function textStream(gen: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    async pull(ctrl) {
      const { value, done } = await gen.next();
      if (done) ctrl.close();
      else ctrl.enqueue(enc.encode(value));
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
}
