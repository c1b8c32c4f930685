/**
 * CSV import end to end against a real PocketBase: messy real-world files with exact outcomes,
 * re-import updating instead of duplicating, and no partial garbage when a job fails or the process
 * dies mid-way.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactsModule } from '../../api/src/modules/contacts/contacts.module.ts';
import type { ContactRecord, JobRecord } from '../../api/src/lib/records.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';

const CSV = resolve(import.meta.dirname, '../fixtures/csv');
let s: TestServer;
let admin: string;

async function upload(token: string, content: Buffer | string, name = 'contacts.csv') {
  const form = new FormData();
  form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const r = await fetch(`${s.url}/api/v1/contacts/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: r.status, body: (await r.json()) as any };
}

async function runImport(content: Buffer | string, options: Record<string, unknown>): Promise<JobRecord> {
  const up = await upload(admin, content);
  expect(up.status).toBe(201);
  const start = await api(s, admin, 'POST', `/api/v1/contacts/import/${up.body.job.id}/start`, options);
  expect(start.status).toBe(202);
  return until(async () => {
    const j = (await api(s, admin, 'GET', `/api/v1/contacts/import/${up.body.job.id}`)).body as JobRecord;
    return ['succeeded', 'failed', 'cancelled'].includes(j.state) ? j : undefined;
  }, 30_000);
}

const byPhone = async (phone: string) =>
  (
    await s.ctx.pb
      .collection('contacts')
      .getList<ContactRecord>(1, 1, { filter: s.ctx.pb.filter('phone = {:p}', { p: phone }) })
  ).items[0];
const count = async () => (await s.ctx.pb.collection('contacts').getList(1, 1, { fields: 'id' })).totalItems;
const history = async (collection: 'contact_consents' | 'contact_events', contact: string) =>
  s.ctx.pb.collection(collection).getFullList<Record<string, any>>({
    filter: s.ctx.pb.filter('contact = {:c}', { c: contact }),
    sort: 'at,created',
  });

beforeAll(async () => {
  s = await startTestServer();
  admin = await login(s);
  for (const [key, type] of [
    ['BIRTHDAY_DATE', 'date'],
    ['CITY', 'text'],
    ['VIP', 'boolean'],
  ] as const) {
    expect((await api(s, admin, 'POST', '/api/v1/fields', { key, type })).status).toBe(201);
  }
});
afterAll(async () => {
  await s?.stop();
});

describe('upload and analyse', () => {
  it('detects an Excel export (BOM, semicolons, CRLF, quoted newline) and suggests the mapping', async () => {
    const up = await upload(admin, readFileSync(`${CSV}/excel-it-semicolon-bom.csv`));
    expect(up.status).toBe(201);
    expect(up.body.format).toEqual({ encoding: 'utf8', delimiter: ';', sepLine: false });
    expect(up.body.header).toEqual(['Nome', 'Cognome', 'Cellulare', 'E-mail', 'BIRTHDAY_DATE', 'CITY', 'Note']);
    expect(up.body.suggested_mapping).toEqual([
      'first_name',
      'last_name',
      'phone',
      'email',
      'field:BIRTHDAY_DATE',
      'field:CITY',
      'notes',
    ]);
    expect(up.body.rows).toBe(9);
    expect(up.body.preview[1][6]).toBe('Preferisce essere contattata\r\nla mattina; non il sabato');

    const a = await api(s, admin, 'POST', `/api/v1/contacts/import/${up.body.job.id}/analyse`, {
      mapping: up.body.suggested_mapping,
      default_country: 'IT',
    });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      rows: 9,
      importable: 5,
      would_create: 5,
      would_update: 0,
      skipped: { duplicate_in_file: 1, phone_invalid: 1, phone_missing: 1, phone_unparseable: 1 },
      warnings: { 'invalid_value:email': 1, 'invalid_value:BIRTHDAY_DATE': 1 },
      unmapped_required: [],
    });
    expect(a.body.issues).toEqual(
      expect.arrayContaining([
        { row: 5, reason: 'duplicate_in_file', value: '+39 340 111 2201' },
        { row: 8, reason: 'phone_unparseable', value: '3,93401E+11' },
        // a value that does not fit is shown as written, not the row's phone
        { row: 4, reason: 'invalid_value:email', value: 'luca@' },
        { row: 9, reason: 'invalid_value:BIRTHDAY_DATE', value: 'domani' },
      ]),
    );
    expect(await count()).toBe(0);
  });

  it('refuses a mapping without exactly one phone column or with an unknown field', async () => {
    const up = await upload(admin, 'a,b\n1,2\n');
    const none = await api(s, admin, 'POST', `/api/v1/contacts/import/${up.body.job.id}/analyse`, {
      mapping: ['first_name', 'ignore'],
    });
    expect(none.status).toBe(422);
    const unknown = await api(s, admin, 'POST', `/api/v1/contacts/import/${up.body.job.id}/analyse`, {
      mapping: ['phone', 'field:NOPE'],
    });
    expect(unknown.body.error.code).toBe('unknown_field');
  });
});

describe('import', () => {
  let listId: string;
  let tagId: string;

  it('imports the messy file with exact counts, reasons and values', async () => {
    listId = (await api(s, admin, 'POST', '/api/v1/lists', { name: 'Clienti 2024' })).body.id;
    tagId = (await api(s, admin, 'POST', '/api/v1/tags', { name: 'importati', color: '#25D366' })).body.id;
    const job = await runImport(readFileSync(`${CSV}/excel-it-semicolon-bom.csv`), {
      mapping: ['first_name', 'last_name', 'phone', 'email', 'field:BIRTHDAY_DATE', 'field:CITY', 'notes'],
      default_country: 'IT',
      list: listId,
      tag: tagId,
      opt_in: { source: 'Modulo negozio 2024' },
    });
    expect(job.state).toBe('succeeded');
    expect(job.result).toEqual({
      rows: 9,
      created: 5,
      updated: 0,
      unchanged: 0,
      skipped: 4,
      skipped_by_reason: { duplicate_in_file: 1, phone_invalid: 1, phone_missing: 1, phone_unparseable: 1 },
      warnings_by_reason: { 'invalid_value:email': 1, 'invalid_value:BIRTHDAY_DATE': 1 },
    });
    expect(job.progress).toEqual({ done: 9, total: 9 });
    const mario = (await byPhone('+393401112201'))!;
    expect(mario).toMatchObject({
      first_name: 'Mario',
      last_name: 'Rossi',
      name: 'Mario Rossi',
      country: 'IT',
      phone_valid: true,
      wa_id: '393401112201',
      fields: { BIRTHDAY_DATE: '1990-12-31', CITY: 'Roma' },
      lists: [listId],
      tags: [tagId],
      marketing_allowed: true,
      consent_method: 'import',
      consent_source: 'Modulo negozio 2024',
    });
    expect((await byPhone('+393401112202'))!.notes).toBe('Preferisce essere contattata\r\nla mattina; non il sabato');
    expect((await byPhone('+393401112203'))!).toMatchObject({
      email: '',
      fields: { BIRTHDAY_DATE: '1990-12-31', CITY: 'Napoli' },
    });
    expect((await byPhone('+393401112204'))!.fields).toEqual({ CITY: 'Firenze' });
    expect((await byPhone('+447400123456'))!).toMatchObject({
      country: 'GB',
      first_name: "O'Connor",
      last_name: 'Kate "KC"',
      fields: { BIRTHDAY_DATE: '1979-05-12', CITY: 'London' },
    });
    expect(await count()).toBe(5);
    // the opt-in is evidence: who imported it, from which file and source, in the consent history and the timeline
    const [consent] = await history('contact_consents', mario.id);
    expect(consent).toMatchObject({
      kind: 'opt_in',
      method: 'import',
      source: 'Modulo negozio 2024',
      scope: 'marketing',
      by: job.created_by,
      note: 'CSV: contacts.csv',
    });
    expect((await history('contact_events', mario.id)).map((e) => [e.kind, e.actor, e.data.import_job])).toEqual([
      ['consent_opt_in', 'import', job.id],
    ]);
    const timeline = (await api(s, admin, 'GET', `/api/v1/contacts/${mario.id}/activity`)).body.items.map(
      (i: { kind: string; actor: string }) => `${i.kind}/${i.actor}`,
    );
    expect(timeline).toEqual(expect.arrayContaining(['consent_opt_in/import', 'created/import']));

    const report = await fetch(`${s.url}/api/v1/contacts/import/${job.id}/report`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(report.status).toBe(200);
    const lines = (await report.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('row,phone_in_file,phone,outcome,reason,contact_id,warnings');
    expect(lines).toHaveLength(10);
    expect(lines[4]).toMatch(/^5,'\+39 340 111 2201,'\+393401112201,skipped,duplicate_in_file,,$/);
    expect(lines[3]).toMatch(/^4,0039 340 111 2203,'\+393401112203,created,,[a-z0-9]{15},invalid_value:email$/);
  });

  it('re-importing updates the same phones instead of duplicating; blank cells keep values', async () => {
    const job = await runImport(readFileSync(`${CSV}/reimport-comma.csv`), {
      mapping: ['phone', 'first_name', 'field:CITY', 'field:VIP'],
      default_country: 'IT',
    });
    expect(job.result).toMatchObject({ rows: 3, created: 1, updated: 2, skipped: 0 });
    expect(await count()).toBe(6);
    expect((await byPhone('+393401112201'))!).toMatchObject({
      first_name: 'Mario',
      name: 'Mario Rossi',
      fields: { BIRTHDAY_DATE: '1990-12-31', CITY: 'Roma Nord', VIP: true },
      lists: [listId],
      tags: [tagId],
    });
    expect((await byPhone('+393401112202'))!).toMatchObject({
      first_name: 'Giulia',
      fields: { BIRTHDAY_DATE: '1990-12-31', CITY: 'Milano', VIP: false },
    });
    expect((await byPhone('+393401112299'))!).toMatchObject({
      first_name: 'Nuovo',
      fields: { CITY: 'Bari, centro', VIP: true },
      marketing_allowed: false,
    });
    // what the import changed on an existing contact is on its timeline
    const events = (await history('contact_events', (await byPhone('+393401112201'))!.id)).filter(
      (e) => e.data.import_job === job.id,
    );
    expect(events.map((e) => [e.kind, e.data.key, e.data.from, e.data.to])).toEqual([
      ['field_changed', 'CITY', 'Roma', 'Roma Nord'],
      ['field_changed', 'VIP', null, true],
    ]);
    const same = await runImport(readFileSync(`${CSV}/reimport-comma.csv`), {
      mapping: ['phone', 'first_name', 'field:CITY', 'field:VIP'],
      default_country: 'IT',
    });
    expect(same.result).toMatchObject({ rows: 3, created: 0, updated: 3, unchanged: 3 });
  });

  it('reads tab-separated Windows-1252 files', async () => {
    const job = await runImport(readFileSync(`${CSV}/tab-latin1.csv`), {
      mapping: ['first_name', 'phone', 'field:CITY'],
      default_country: 'FR',
    });
    expect(job.result).toMatchObject({ created: 2, skipped: 0 });
    expect((await byPhone('+34612345678'))!).toMatchObject({
      first_name: 'José',
      country: 'ES',
      fields: { CITY: 'Málaga' },
    });
    expect((await byPhone('+33612345678'))!).toMatchObject({ first_name: 'François', fields: { CITY: 'Nîmes' } });
  });

  it('keeps an opt-out over an imported opt-in, skips deleted contacts and can import invalid numbers flagged', async () => {
    const giulia = (await byPhone('+393401112202'))!;
    await api(s, admin, 'POST', `/api/v1/contacts/${giulia.id}/consent`, {
      kind: 'opt_out',
      method: 'manual',
      source: 'telefonata',
    });
    const luca = (await byPhone('+393401112203'))!;
    expect((await api(s, admin, 'DELETE', `/api/v1/contacts/${luca.id}`)).status).toBe(200);
    const csv = 'phone;first_name\n+393401112202;Giulia\n+393401112203;Luca\n+39 1234;Corto\n';
    const job = await runImport(csv, {
      mapping: ['phone', 'first_name'],
      invalid_phones: 'import',
      opt_in: { source: 'fiera' },
    });
    expect(job.result).toMatchObject({
      created: 1,
      updated: 1,
      skipped: 1,
      skipped_by_reason: { contact_deleted: 1 },
      warnings_by_reason: { opted_out_kept: 1 },
    });
    expect((await byPhone('+393401112202'))!).toMatchObject({ marketing_allowed: false, consent_method: 'manual' });
    expect((await byPhone('+391234'))!).toMatchObject({ phone_valid: false, first_name: 'Corto' });
  });

  it('a failure mid-way leaves nothing behind: created removed, updated restored', async () => {
    const before = await count();
    const mario = (await byPhone('+393401112201'))!;
    const historyBefore = [
      (await history('contact_consents', mario.id)).length,
      (await history('contact_events', mario.id)).length,
    ];
    const rows = ['phone,first_name,CITY'];
    rows.push('+393401112201,Cambiato,Ovunque');
    for (let i = 0; i < 1600; i++) rows.push(`+39347${String(1_000_000 + i)},Persona ${i},Città ${i % 7}`);
    const mod = s.modules.contacts as ContactsModule;
    mod.importer.faults = { failAfterChunks: 2 };
    try {
      const job = await runImport(rows.join('\n'), {
        mapping: ['phone', 'first_name', 'field:CITY'],
        opt_in: { source: 'evento', scope: 'all' },
      });
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(/injected failure.*undone/);
    } finally {
      mod.importer.faults = {};
    }
    expect(await count()).toBe(before);
    const after = (await byPhone('+393401112201'))!;
    expect(after).toMatchObject({
      first_name: 'Mario',
      name: 'Mario Rossi',
      fields: mario.fields,
      import_job: mario.import_job,
    });
    // nor does the history the failed import had written on him
    expect([
      (await history('contact_consents', mario.id)).length,
      (await history('contact_events', mario.id)).length,
    ]).toEqual(historyBefore);
    expect(
      (await s.ctx.pb.collection('contact_consents').getList(1, 1, { filter: "source = 'evento'" })).totalItems,
    ).toBe(0);
    const report = await fetch(
      `${s.url}/api/v1/contacts/import/${(await s.ctx.pb.collection('jobs').getFirstListItem<JobRecord>("state = 'failed'")).id}/report`,
      { headers: { authorization: `Bearer ${admin}` } },
    );
    expect(report.status).toBe(409);
  });

  it('a job interrupted by a crash is undone and failed at the next start', async () => {
    const before = await count();
    const mod = s.modules.contacts as ContactsModule;
    const rows = ['phone'];
    for (let i = 0; i < 1200; i++) rows.push(`+39348${String(1_000_000 + i)}`);
    mod.importer.faults = { crashAfterChunks: 1 };
    const up = await upload(admin, rows.join('\n'));
    try {
      await api(s, admin, 'POST', `/api/v1/contacts/import/${up.body.job.id}/start`, { mapping: ['phone'] });
      await until(async () => (await count()) === before + 500);
      await mod.runner.idle();
    } finally {
      mod.importer.faults = {};
    }
    expect((await s.ctx.pb.collection('jobs').getOne<JobRecord>(up.body.job.id)).state).toBe('running');
    await mod.runner.recover();
    const job = await s.ctx.pb.collection('jobs').getOne<JobRecord>(up.body.job.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/restart.*undone/);
    expect(await count()).toBe(before);
  });

  it('is for admins and managers only', async () => {
    const op = await createUser(s, 'operator');
    expect((await upload(op.token, 'phone\n+393401112201\n')).status).toBe(403);
    const mgr = await createUser(s, 'manager');
    expect((await upload(mgr.token, 'phone\n+393401112201\n')).status).toBe(201);
  });
});
