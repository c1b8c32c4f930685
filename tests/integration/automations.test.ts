/**
 * Automations end to end (issue 15): the README's example as written; one answer per message (exact phrase,
 * button, keyword) and a phrase reserved by one active automation; wait for reply, both lanes; the next
 * message into a field; no loops (an automation's own tag does not start another); versions (contacts
 * inside finish on theirs); the inbound integration (idempotent); a contact taken out; the circuit
 * breaker; the report; a dry run that sends nothing. Days pass on the scheduler's clock.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TZDate } from '@date-fns/tz';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../api/src/engine/scheduler/clock.ts';
import type { ContactRecord } from '../../api/src/lib/records.ts';
import { api, createUser, login, startTestServer, until, type TestServer } from '../setup/harness.ts';
import { closedNow, holidayToday, openNow } from '../setup/hours.ts';

const clock = new ManualClock(Date.now(), { ticking: true });
let s: TestServer;
let token: string;
let n = 0;
const phone = () => `39348${String(process.pid % 1000).padStart(3, '0')}${String(n++).padStart(4, '0')}`;

const writes = (from: string, text: string) => s.sandbox!.customerSend({ type: 'text', from, name: 'Cliente', text });
const taps = (from: string, id: string, title: string) =>
  s.sandbox!.customerSend({ type: 'button_reply', from, name: 'Cliente', id, title });
/** What the customer's phone received from the business (texts, and interactive bodies). */
const onPhone = (from: string): string[] =>
  s
    .sandbox!.history(from)
    .filter((i) => i.kind === 'message' && i.direction === 'outbound')
    .map((i) => {
      const m = i.message as { text?: { body?: string }; interactive?: { body?: { text?: string } } };
      return m.text?.body ?? m.interactive?.body?.text ?? '';
    });
const contactOf = (from: string) =>
  until(
    async () =>
      (await s.ctx.pb.collection('contacts').getList<ContactRecord>(1, 1, { filter: `phone = '+${from}'` })).items[0],
  );
const tagId = async (name: string) =>
  (await s.ctx.pb.collection('tags').getFirstListItem(s.ctx.pb.filter('name = {:n}', { n: name }))).id as string;
const hasTag = async (from: string, name: string) => ((await contactOf(from)).tags ?? []).includes(await tagId(name));
const create = (body: unknown) => api(s, token, 'POST', '/api/v1/automations', body);
const reportOf = async (id: string) => (await api(s, token, 'GET', `/api/v1/automations/${id}/report`)).body;
/** time passes on the scheduler's clock, and everything due runs */
async function later(ms: number) {
  await s.idle();
  clock.advance(ms);
  await s.idle();
}

/** a customer's CRM receiving the automation's webhooks: the first attempt fails, the next ones are taken */
const received: Array<{ headers: Record<string, string>; body: string }> = [];
let receiver: Server;
let receiverOrigin = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(received.length === 1 ? 503 : 204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  s = await startTestServer({ clock, env: { WEBHOOK_ALLOWED_ORIGINS: receiverOrigin } });
  token = await login(s);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  receiver?.close();
});

describe('the README example', () => {
  it('works as written: the phrase answers at once, the tag follows 30 seconds later', async () => {
    const r = await create(
      JSON.parse(
        '{"name":"Info","active":true,"trigger":{"type":"message","match":"exact","text":"INFO PREZZI"},"steps":[{"action":{"type":"send_text","text":"Ecco il listino"}},{"after":{"seconds":30},"action":{"type":"add_tag","tag":"listino"}}]}',
      ),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ state: 'active', active: true, version: 1 });
    const from = phone();
    await writes(from, '  info  prezzi ');
    await until(async () => onPhone(from).includes('Ecco il listino'));
    await s.idle();
    expect(await hasTag(from, 'listino')).toBe(false);
    await later(31_000);
    await until(() => hasTag(from, 'listino'));
    const rep = await until(async () => {
      const x = await reportOf(r.body.id);
      return x.completed === 1 ? x : undefined;
    });
    expect(rep).toMatchObject({ entered: 1, running: 0, exited: 0 });
    expect(rep.steps.map((x: { step: string; done: number }) => [x.step, x.done])).toEqual([
      ['0', 1],
      ['1', 1],
    ]);
    // the contact's timeline shows each step of the automation that touched them
    const timeline = await api(s, token, 'GET', `/api/v1/contacts/${(await contactOf(from)).id}/activity`);
    const steps = timeline.body.items.filter((i: { kind: string }) => i.kind === 'automation_step');
    expect(steps.map((i: { data: { name: string; action: string } }) => [i.data.name, i.data.action])).toEqual([
      ['Info', 'add_tag'],
      ['Info', 'send_text'],
    ]);
    // the same phrase again: a new run (re-entry after the previous one ended), one more answer
    await writes(from, 'INFO PREZZI');
    await until(async () => onPhone(from).filter((t) => t === 'Ecco il listino').length === 2);
  }, 60_000);

  it('a phrase starts one automation only; a draft may hold it; clear errors for bad definitions', async () => {
    const body = {
      name: 'Doppione',
      trigger: { type: 'message', match: 'exact', text: 'Info Prezzi' },
      steps: [{ action: { type: 'send_text', text: 'x' } }],
    };
    const taken = await create({ ...body, active: true });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('phrase_taken');
    const draft = await create(body);
    expect(draft.status).toBe(201);
    const act = await api(s, token, 'POST', `/api/v1/automations/${draft.body.id}/activate`);
    expect(act.status).toBe(409);
    const bad = await create({ ...body, steps: [{ action: { type: 'send_carrier_pigeon' } }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_failed');
    const noTpl = await create({
      ...body,
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'nessun template' },
      steps: [{ action: { type: 'send_template', template: { name: 'does_not_exist' } } }],
    });
    expect(noTpl.status).toBe(422);
    expect(noTpl.body.error.message).toContain('does_not_exist');
  });
});

describe('one answer per message', () => {
  it('an exact phrase wins over a keyword; a keyword alone starts its own', async () => {
    const kw = await create({
      name: 'Parola',
      active: true,
      trigger: { type: 'message', match: 'contains', text: 'orari' },
      steps: [{ action: { type: 'send_text', text: 'Siamo aperti 9-18' } }],
    });
    const exact = await create({
      name: 'Frase',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'ORARI NEGOZIO' },
      steps: [{ action: { type: 'send_text', text: 'Negozio: 10-19' } }],
    });
    expect([kw.status, exact.status]).toEqual([201, 201]);
    const a = phone();
    const b = phone();
    await writes(a, 'Orari negozio');
    await writes(b, 'quali sono gli orari?');
    await until(async () => onPhone(a).length === 1 && onPhone(b).length === 1);
    await s.idle();
    expect(onPhone(a)).toEqual(['Negozio: 10-19']);
    expect(onPhone(b)).toEqual(['Siamo aperti 9-18']);
  });

  it('a tapped button starts its automation, and a branch reads which one', async () => {
    const r = await create({
      name: 'Bottoni',
      active: true,
      trigger: { type: 'button', text: 'Sì, grazie' },
      steps: [
        {
          action: {
            type: 'branch',
            if: { type: 'button', text: 'OK_YES' },
            then: [{ action: { type: 'add_tag', tag: 'confermato' } }],
            else: [{ action: { type: 'add_tag', tag: 'altro' } }],
          },
        },
      ],
    });
    expect(r.status).toBe(201);
    const from = phone();
    await taps(from, 'OK_YES', 'Sì, grazie');
    await until(() => hasTag(from, 'confermato'));
    expect(await hasTag(from, 'altro')).toBe(false);
  });
});

// before the tests that move the clock past a day: free text needs the window the customer opened
describe("Spoki's template with two buttons", () => {
  it('each button of the template leads to its own follow-up', async () => {
    const r = await create({
      name: 'Offerte',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'OFFERTE' },
      steps: [
        {
          action: {
            type: 'send_template',
            template: { name: 'benvenuto', params: { '1': '{{contact.first_name|Cliente}}' } },
          },
        },
        {
          action: {
            type: 'wait_for_reply',
            timeout: { days: 1 },
            replied: [
              {
                action: {
                  type: 'branch',
                  if: { type: 'button', text: 'Sì, mi interessa' },
                  then: [
                    { action: { type: 'add_tag', tag: 'offerte-si' } },
                    { action: { type: 'send_text', text: 'Perfetto, ti scriviamo presto!' } },
                  ],
                  else: [{ action: { type: 'add_tag', tag: 'offerte-no' } }],
                },
              },
            ],
          },
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const yes = phone();
    const no = phone();
    for (const p of [yes, no]) await writes(p, 'offerte');
    await until(async () => onPhone(yes).length === 1 && onPhone(no).length === 1);
    await until(async () => (await reportOf(r.body.id)).waiting === 2);
    await s.sandbox!.customerSend({
      type: 'button',
      from: yes,
      name: 'Cliente',
      text: 'Sì, mi interessa',
      payload: 'Sì, mi interessa',
    });
    await s.sandbox!.customerSend({
      type: 'button',
      from: no,
      name: 'Cliente',
      text: 'No, grazie',
      payload: 'No, grazie',
    });
    await until(async () => (await hasTag(yes, 'offerte-si')) && (await hasTag(no, 'offerte-no')));
    await until(async () => onPhone(yes).includes('Perfetto, ti scriviamo presto!'));
    expect(await hasTag(yes, 'offerte-no')).toBe(false);
    expect(onPhone(no)).toHaveLength(1);
  });
});

// before the clock moves past a day (free text needs the window the customer opened); each test removes
// what it set up: these automations start on every new contact and every message outside hours
describe('the other triggers and actions', () => {
  it('a new contact goes through every remaining action; another automation of theirs is ended', async () => {
    const admin = (await s.ctx.pb.collection('users').getFirstListItem("role = 'admin'")).id as string;
    expect((await api(s, token, 'POST', '/api/v1/fields', { key: 'ZONA', label: 'Zona', type: 'text' })).status).toBe(
      201,
    );
    const other = await create({
      name: 'Lunga attesa',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'ATTESA' },
      steps: [{ after: { days: 3 }, action: { type: 'add_tag', tag: 'mai' } }],
    });
    const r = await create({
      name: 'Nuovo contatto',
      active: true,
      trigger: { type: 'new_contact' },
      steps: [
        { action: { type: 'send_text', text: 'Benvenuto! Come possiamo aiutarti?', buttons: ['Prezzi', 'Orari'] } },
        { action: { type: 'add_to_list', list: 'Nuovi' } },
        { action: { type: 'add_tag', tag: 'temporaneo' } },
        { action: { type: 'remove_tag', tag: 'temporaneo' } },
        { action: { type: 'set_field', field: 'ZONA', value: 'Roma' } },
        { action: { type: 'assign', user: admin } },
        { action: { type: 'unassign' } },
        { action: { type: 'block' } },
        { action: { type: 'restore' } },
        { after: { seconds: 5 }, action: { type: 'end_other_automations' } },
        { action: { type: 'remove_from_list', list: 'Nuovi' } },
      ],
    });
    expect([other.status, r.status], JSON.stringify(r.body)).toEqual([201, 201]);
    const from = phone();
    await writes(from, 'attesa');
    await until(async () => (await reportOf(other.body.id)).running === 1);
    await until(async () => (await reportOf(r.body.id)).steps[8].done === 1);
    const c = await contactOf(from);
    const nuovi = (await s.ctx.pb.collection('lists').getFirstListItem("name = 'Nuovi'")).id as string;
    expect(c.lists).toContain(nuovi);
    await later(6_000);
    await until(async () => (await reportOf(r.body.id)).completed === 1);
    const after = await contactOf(from);
    expect(after.lists).not.toContain(nuovi);
    expect(after.tags ?? []).not.toContain(await tagId('temporaneo'));
    expect(after.fields?.ZONA).toBe('Roma');
    expect(after.blocked).toBe(false);
    const chat = await s.ctx.pb.collection('conversations').getFirstListItem(`contact = '${c.id}'`);
    expect(chat.assignee).toBe('');
    const sent = s.sandbox!.history(from).filter((i) => i.kind === 'message' && i.direction === 'outbound');
    expect(
      (sent[0]!.message as { interactive?: { action?: { buttons?: unknown[] } } }).interactive?.action?.buttons,
    ).toHaveLength(2);
    expect((await reportOf(other.body.id)).exit_reasons).toEqual({ ended_by_automation: 1 });
    const kinds = (await api(s, token, 'GET', `/api/v1/contacts/${c.id}/activity?limit=100`)).body.items.map(
      (i: { kind: string }) => i.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['blocked', 'unblocked', 'tag_added', 'tag_removed', 'list_added']));
    expect((await api(s, token, 'DELETE', `/api/v1/automations/${r.body.id}`)).status).toBe(204);
  });

  it('outside business hours and on a holiday: the automation answers, the built-in reply does not', async () => {
    expect(
      (await api(s, token, 'PUT', '/api/v1/out-of-hours', { enabled: true, text: 'Risposta automatica di base' }))
        .status,
    ).toBe(200);
    const closed = await create({
      name: 'Fuori orario',
      active: true,
      trigger: { type: 'outside_hours' },
      steps: [{ action: { type: 'send_text', text: 'Siamo chiusi, ti rispondiamo domattina' } }],
    });
    const holiday = await create({
      name: 'Festivo',
      active: true,
      trigger: { type: 'holiday' },
      steps: [{ action: { type: 'send_text', text: 'Oggi è festa' } }],
    });
    expect([closed.status, holiday.status]).toEqual([201, 201]);
    expect((await api(s, token, 'PUT', '/api/v1/business-hours', closedNow())).status).toBe(200);
    const a = phone();
    await writes(a, 'buonasera, siete aperti?');
    await until(async () => onPhone(a).includes('Siamo chiusi, ti rispondiamo domattina'));
    expect((await api(s, token, 'PUT', '/api/v1/business-hours', holidayToday())).status).toBe(200);
    const b = phone();
    await writes(b, 'salve');
    await until(async () => onPhone(b).includes('Oggi è festa'));
    // the built-in reply's grace delay passes: it stays silent, an automation answered
    await later(10_000);
    expect(onPhone(a)).toEqual(['Siamo chiusi, ti rispondiamo domattina']);
    expect(onPhone(b)).toEqual(['Oggi è festa']);
    expect((await api(s, token, 'PUT', '/api/v1/business-hours', openNow())).status).toBe(200);
    for (const id of [closed.body.id, holiday.body.id])
      expect((await api(s, token, 'DELETE', `/api/v1/automations/${id}`)).status).toBe(204);
  });
});

describe('wait for reply', () => {
  it('who answers takes the "replied" lane, who does not takes the other when the time is up', async () => {
    const r = await create({
      name: 'Chi risponde',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'PROMO' },
      steps: [
        { action: { type: 'send_text', text: 'Vuoi il listino?' } },
        {
          action: {
            type: 'wait_for_reply',
            timeout: { hours: 2 },
            replied: [{ action: { type: 'add_tag', tag: 'interessato' } }],
            not_replied: [{ action: { type: 'add_tag', tag: 'silenzioso' } }],
          },
        },
      ],
    });
    expect(r.status).toBe(201);
    const yes = phone();
    const no = phone();
    await writes(yes, 'promo');
    await writes(no, 'promo');
    await until(async () => onPhone(yes).length === 1 && onPhone(no).length === 1);
    await until(async () => (await reportOf(r.body.id)).waiting === 2);
    await writes(yes, 'sì grazie');
    await until(() => hasTag(yes, 'interessato'));
    await later(2 * 3_600_000 + 1000);
    await until(() => hasTag(no, 'silenzioso'));
    expect(await hasTag(yes, 'silenzioso')).toBe(false);
    expect(await hasTag(no, 'interessato')).toBe(false);
    const rep = await until(async () => {
      const x = await reportOf(r.body.id);
      return x.completed === 2 ? x : undefined;
    });
    const row = (step: string) => rep.steps.find((x: { step: string }) => x.step === step);
    expect(row('0')).toMatchObject({ done: 2, replied: 1 });
    expect(row('1.replied.0')).toMatchObject({ done: 1 });
    expect(row('1.not_replied.0')).toMatchObject({ done: 1 });
  }, 60_000);

  it("the customer's next message fills a field", async () => {
    expect((await api(s, token, 'POST', '/api/v1/fields', { key: 'CITTA', label: 'Città', type: 'text' })).status).toBe(
      201,
    );
    const r = await create({
      name: 'Città',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'CITTA' },
      steps: [
        { action: { type: 'send_text', text: 'In che città sei?' } },
        { action: { type: 'set_field', field: 'CITTA', from: 'next_message' } },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const from = phone();
    await writes(from, 'città');
    await until(async () => onPhone(from).length === 1);
    await s.idle();
    await writes(from, 'Milano');
    await until(async () => (await contactOf(from)).fields?.CITTA === 'Milano');
    // only the first message after the question
    await writes(from, 'Anzi, Torino');
    await until(
      async () =>
        (
          await s.ctx.pb
            .collection('messages')
            .getList(1, 1, { filter: "direction = 'in' && preview = 'Anzi, Torino'" })
        ).totalItems === 1,
    );
    await s.idle();
    expect((await contactOf(from)).fields?.CITTA).toBe('Milano');
  });
});

describe('no loops', () => {
  it('a tag added by an automation starts no automation; the same tag added by a person does', async () => {
    const a = await create({
      name: 'Etichetta',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'VIP' },
      steps: [{ action: { type: 'add_tag', tag: 'vip' } }],
    });
    const b = await create({
      name: 'Benvenuto VIP',
      active: true,
      trigger: { type: 'tag_added', tag: 'vip' },
      steps: [{ action: { type: 'add_tag', tag: 'vip-accolto' } }],
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    const auto = phone();
    await writes(auto, 'vip');
    await until(() => hasTag(auto, 'vip'));
    await s.idle();
    expect(await hasTag(auto, 'vip-accolto')).toBe(false);
    expect((await reportOf(b.body.id)).entered).toBe(0);

    const byHand = phone();
    await writes(byHand, 'buongiorno');
    const c = await contactOf(byHand);
    const put = await api(s, token, 'PATCH', `/api/v1/contacts/${c.id}`, { tags: [await tagId('vip')] });
    expect(put.status).toBe(200);
    await until(() => hasTag(byHand, 'vip-accolto'));
  });

  it('the circuit breaker pauses an automation entered too often in a minute', async () => {
    const r = await create({
      name: 'Valanga',
      active: true,
      trigger: { type: 'message', match: 'contains', text: 'valanga' },
      settings: { max_per_minute: 2 },
      steps: [{ action: { type: 'add_tag', tag: 'valanga' } }],
    });
    for (let i = 0; i < 4; i++) await writes(phone(), 'valanga');
    const paused = await until(async () => {
      const a = (await api(s, token, 'GET', `/api/v1/automations/${r.body.id}`)).body;
      return a.state === 'paused' ? a : undefined;
    });
    expect(paused.paused_reason).toContain('2');
    // admins and managers are alerted (the dashboard's banner; pushed like every alert), once: the alert
    // follows the pause, so it is awaited, and counted again once everything has settled
    const pausedAlerts = async () =>
      (await api(s, token, 'GET', '/api/v1/alerts')).body.items
        .filter((x: { kind: string }) => x.kind === 'automation_paused')
        .map((x: { data: { name: string } }) => x.data.name) as string[];
    await until(async () => (await pausedAlerts()).length > 0);
    await s.idle();
    expect(await pausedAlerts()).toEqual(['Valanga']);
    expect((await reportOf(r.body.id)).entered).toBe(2);
  });
});

describe('versions, exits and the integration', () => {
  it('contacts inside finish on the version they entered; new ones get the new version', async () => {
    const r = await create({
      name: 'Versioni',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'VERSIONE' },
      steps: [
        {
          after: { days: 1 },
          action: { type: 'send_template', template: { name: 'benvenuto', params: { '1': 'Uno' } } },
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const first = phone();
    await writes(first, 'versione');
    await until(async () => (await reportOf(r.body.id)).running === 1);
    const patched = await api(s, token, 'PATCH', `/api/v1/automations/${r.body.id}`, {
      steps: [{ after: { days: 1 }, action: { type: 'add_tag', tag: 'v2' } }],
    });
    expect(patched.body).toMatchObject({ version: 2, running: 1 });
    const second = phone();
    await writes(second, 'versione');
    await until(async () => (await reportOf(r.body.id)).running === 2);
    await later(86_400_000 + 1000);
    await until(async () => onPhone(first).length === 1 && (await hasTag(second, 'v2')));
    expect(await hasTag(first, 'v2')).toBe(false);
    expect(onPhone(second)).toEqual([]);
  }, 60_000);

  it('the integration starts it by API once per Idempotency-Key; a contact taken out runs nothing more', async () => {
    expect(
      (await api(s, token, 'POST', '/api/v1/fields', { key: 'ORDINE', label: 'Ordine', type: 'text' })).status,
    ).toBe(201);
    const r = await create({
      name: 'Da API',
      active: true,
      trigger: { type: 'integration' },
      steps: [
        { action: { type: 'add_tag', tag: 'da-api' } },
        { after: { hours: 1 }, action: { type: 'add_tag', tag: 'dopo-un-ora' } },
      ],
    });
    const from = phone();
    const call = () =>
      fetch(`${s.url}/api/v1/automations/${r.body.id}/start`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'ord-42' },
        body: JSON.stringify({ phone: `+${from}`, first_name: 'Giulia', fields: { ORDINE: 'A-42' } }),
      });
    expect((await call()).status).toBe(202);
    expect((await call()).status).toBe(202);
    await until(() => hasTag(from, 'da-api'));
    const c = await contactOf(from);
    expect(c.fields?.ORDINE).toBe('A-42');
    await s.idle();
    expect((await reportOf(r.body.id)).entered).toBe(1);
    // the same automation by its own URL and key, for tools that cannot sign in
    const { inbound_key, inbound_path } = (
      await api(s, token, 'GET', `/api/v1/automations/${r.body.id}/webhook-secret`)
    ).body;
    const byUrl = (key: string, body: unknown) =>
      fetch(`${s.url}${inbound_path}?key=${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const other = phone();
    expect((await byUrl('f'.repeat(64), { phone: `+${other}` })).status).toBe(401);
    expect((await byUrl(inbound_key, { telefono: 1 })).status).toBe(422);
    expect((await byUrl(inbound_key, { phone: `+${other}`, fields: { ORDINE: 'B-7' } })).status).toBe(202);
    await until(() => hasTag(other, 'da-api'));
    expect((await contactOf(other)).fields?.ORDINE).toBe('B-7');
    const out = await api(s, token, 'DELETE', `/api/v1/contacts/${c.id}/automations`);
    expect(out.body).toEqual({ ended: 1 });
    await later(3_600_000 + 1000);
    expect(await hasTag(from, 'dopo-un-ora')).toBe(false);
    expect((await reportOf(r.body.id)).exit_reasons).toEqual({ removed: 1 });
    expect((await reportOf(r.body.id)).entered).toBe(2);
  }, 60_000);

  it('simulate shows the steps and their times, and sends nothing', async () => {
    const r = await create({
      name: 'Prova',
      trigger: { type: 'message', match: 'exact', text: 'PROVA' },
      steps: [
        { action: { type: 'send_text', text: 'Ciao!' } },
        { after: { hours: 3 }, action: { type: 'add_tag', tag: 'provato' } },
      ],
    });
    const from = phone();
    await writes(from, 'buonasera');
    const c = await contactOf(from);
    await s.idle();
    const before = onPhone(from).length;
    const sim = await api(s, token, 'POST', `/api/v1/automations/${r.body.id}/simulate`, {
      contact: c.id,
      text: 'prova',
    });
    expect(sim.status).toBe(200);
    expect(sim.body.entered).toBe(true);
    expect(sim.body.steps.map((x: { outcome: string; preview?: string }) => [x.outcome, x.preview])).toEqual([
      ['run', 'Ciao!'],
      ['run', undefined],
    ]);
    const gap = Date.parse(sim.body.steps[1].at) - Date.parse(sim.body.steps[0].at);
    expect(gap).toBe(3 * 3_600_000);
    const miss = await api(s, token, 'POST', `/api/v1/automations/${r.body.id}/simulate`, {
      contact: c.id,
      text: 'altro',
    });
    expect(miss.body.entered).toBe(false);
    await s.idle();
    expect(onPhone(from).length).toBe(before);
    expect(await hasTag(from, 'provato')).toBe(false);
  });
});

describe('dates and lists', () => {
  const contactWith = async (body: Record<string, unknown>) => {
    const r = await api(s, token, 'POST', '/api/v1/contacts', { phone: `+${phone()}`, language: 'it', ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const tagsOf = async (id: string) =>
    (await s.ctx.pb.collection('contacts').getOne<ContactRecord>(id)).tags ?? ([] as string[]);

  it('a birthday at 9:00 local time, and a reminder 24 hours before a booking', async () => {
    for (const [key, type] of [
      ['COMPLEANNO', 'date'],
      ['PRENOTAZIONE', 'datetime'],
    ])
      expect((await api(s, token, 'POST', '/api/v1/fields', { key, label: key, type })).status).toBe(201);
    // tomorrow in Rome, as the scheduler's clock sees it
    const tomorrow = new Date(clock.now() + 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' });
    const born = await contactWith({ first_name: 'Anna', fields: { COMPLEANNO: `1990-${tomorrow.slice(5)}` } });
    const booked = await contactWith({
      first_name: 'Bruno',
      fields: { PRENOTAZIONE: new Date(clock.now() + 30 * 3_600_000).toISOString() },
    });
    const bday = await create({
      name: 'Auguri',
      active: true,
      trigger: { type: 'date', field: 'COMPLEANNO', mode: 'yearly', time: '09:00', timezone: 'Europe/Rome' },
      steps: [{ action: { type: 'add_tag', tag: 'auguri' } }],
    });
    const remind = await create({
      name: 'Promemoria',
      active: true,
      trigger: { type: 'date', field: 'PRENOTAZIONE', mode: 'before', offset: { hours: 24 } },
      steps: [{ action: { type: 'add_tag', tag: 'promemoria' } }],
    });
    expect([bday.status, remind.status], JSON.stringify([bday.body, remind.body])).toEqual([201, 201]);
    await later(5 * 3_600_000);
    expect((await reportOf(remind.body.id)).entered).toBe(0);
    await later(3_600_000 + 120_000);
    await until(async () => (await tagsOf(booked)).includes(await tagId('promemoria')));
    expect((await reportOf(bday.body.id)).entered).toBe(0);
    // tomorrow, 9:00 in Rome
    const [y, m, d] = tomorrow.split('-').map(Number) as [number, number, number];
    clock.set(new TZDate(y, m - 1, d, 9, 0, 30, 'Europe/Rome').getTime());
    await s.idle();
    await later(60_000);
    await until(async () => (await tagsOf(born)).includes(await tagId('auguri')));
    await later(3 * 60_000);
    expect((await reportOf(bday.body.id)).entered).toBe(1);
    expect((await reportOf(remind.body.id)).entered).toBe(1);
  }, 60_000);

  it('on "added to a list", who is already in the list enters at activation, and who joins later', async () => {
    const list = await api(s, token, 'POST', '/api/v1/lists', { name: 'Clienti VIP' });
    expect(list.status).toBe(201);
    const a = await contactWith({ lists: [list.body.id] });
    const b = await contactWith({ lists: [list.body.id] });
    const r = await create({
      name: 'Tutta la lista',
      active: true,
      trigger: { type: 'list_added', list: 'Clienti VIP' },
      steps: [{ action: { type: 'add_tag', tag: 'vip-lista' } }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.trigger.list).toBe(list.body.id);
    const vip = () => tagId('vip-lista');
    await until(async () => (await tagsOf(a)).includes(await vip()) && (await tagsOf(b)).includes(await vip()));
    // planned entries are paced: an entry and its one step take 2 of AUTOMATION_STEPS_PER_SECOND (100): 20 ms apart
    const planned = await s.ctx.pb.collection('work_items').getFullList<{ kind: string; run_at: number }>({
      filter: s.ctx.pb.filter('dedupe_key ~ {:k}', { k: `auto-enter:${r.body.id}:list:` }),
      sort: 'run_at',
    });
    expect(planned.map((w) => w.kind)).toEqual(['automation.enter.bulk', 'automation.enter.bulk']);
    expect(planned[1]!.run_at - planned[0]!.run_at).toBe(20);
    const c = await contactWith({});
    expect((await api(s, token, 'PATCH', `/api/v1/contacts/${c}`, { lists: [list.body.id] })).status).toBe(200);
    await until(async () => (await tagsOf(c)).includes(await vip()));
    expect((await reportOf(r.body.id)).entered).toBe(3);

    // paused, the list is held, not skipped: who joins meanwhile enters when it is active again, and who
    // entered already does not enter twice (an enrolment paused halfway lost the rest before)
    expect((await api(s, token, 'POST', `/api/v1/automations/${r.body.id}/pause`)).status).toBe(200);
    const d = await contactWith({});
    expect((await api(s, token, 'PATCH', `/api/v1/contacts/${d}`, { lists: [list.body.id] })).status).toBe(200);
    await later(60_000);
    expect((await tagsOf(d)).includes(await vip())).toBe(false);
    expect((await api(s, token, 'POST', `/api/v1/automations/${r.body.id}/activate`)).status).toBe(200);
    await until(async () => (await tagsOf(d)).includes(await vip()));
    await later(60_000);
    expect((await reportOf(r.body.id)).entered).toBe(4);
  });
});

describe('webhooks', () => {
  it('signed (Standard Webhooks), with the contact as it is now, retried after a refusal with the same id', async () => {
    const r = await create({
      name: 'Al CRM',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'ORDINE' },
      steps: [
        { action: { type: 'add_tag', tag: 'cliente-crm' } },
        { action: { type: 'webhook', url: `${receiverOrigin}/hooks/spunta` } },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const from = phone();
    await writes(from, 'ordine');
    await until(async () => received.length >= 1);
    await later(10_000);
    await until(async () => received.length >= 2);
    const [first, second] = received;
    expect(first!.headers['webhook-id']).toBe(second!.headers['webhook-id']);
    const secret = (await api(s, token, 'GET', `/api/v1/automations/${r.body.id}/webhook-secret`)).body.secret;
    expect(secret).toMatch(/^whsec_/);
    const payload = new Webhook(secret).verify(second!.body, second!.headers) as any;
    expect(payload.contact.phone).toBe(`+${from}`);
    expect(payload.contact.tags).toContain(await tagId('cliente-crm'));
    expect(payload.trigger.text).toBe('ordine');
    // a forged signature does not verify
    expect(() => new Webhook(secret).verify(second!.body.replace('ordine', 'ORDINE!'), second!.headers)).toThrow();
    const rep = await reportOf(r.body.id);
    expect(rep.steps[1].errors).toEqual([{ detail: 'HTTP 503', count: 1 }]);
  });

  it('a private or plain-http address is refused when the automation is activated', async () => {
    const bad = await create({
      name: 'Interno',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'INTERNO' },
      steps: [{ action: { type: 'webhook', url: 'http://169.254.169.254/latest/meta-data' } }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('https');
  });
});

describe('assignment', () => {
  it('round-robin gives each chat to the operator with the fewest open chats; "online only" skips when nobody is', async () => {
    const ops = [await createUser(s, 'operator'), await createUser(s, 'operator')];
    // operators from earlier tests would take part too: only these two are active
    for (const u of await s.ctx.pb.collection('users').getFullList({ filter: "role = 'operator'" }))
      if (!ops.some((o) => o.id === u.id)) await s.ctx.pb.collection('users').update(u.id, { active: false });
    const r = await create({
      name: 'Smista',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'ASSEGNA' },
      steps: [{ action: { type: 'assign' } }],
    });
    const online = await create({
      name: 'Solo online',
      active: true,
      trigger: { type: 'message', match: 'exact', text: 'ONLINE' },
      steps: [{ action: { type: 'assign', online_only: true } }],
    });
    expect([r.status, online.status]).toEqual([201, 201]);
    const chatOf = async (from: string) =>
      until(
        async () =>
          (
            await s.ctx.pb.collection('conversations').getList<{ assignee: string }>(1, 1, {
              filter: `contact_phone = '+${from}'`,
            })
          ).items[0],
      );
    const a = phone();
    const b = phone();
    await writes(a, 'assegna');
    await until(async () => !!(await chatOf(a)).assignee);
    await writes(b, 'assegna');
    await until(async () => !!(await chatOf(b)).assignee);
    expect(new Set([(await chatOf(a)).assignee, (await chatOf(b)).assignee])).toEqual(new Set(ops.map((o) => o.id)));

    const c = phone();
    await writes(c, 'online');
    await until(async () => (await reportOf(online.body.id)).steps[0].skipped === 1);
    expect((await chatOf(c)).assignee).toBe('');
  });
});
