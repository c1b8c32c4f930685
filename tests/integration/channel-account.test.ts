/**
 * Non-chat webhooks through the signed endpoint into the real store: marketing preferences become
 * consent history (method whatsapp_preference, like STOP and 131050), the WhatsApp Business app's address
 * book names contacts, account and capability events are recorded and move the number's tier and
 * restriction, template category changes apply, and unknown fields are recorded rather than only logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, postWebhook, startTestServer, until, type TestServer } from '../setup/harness.ts';
import type { ContactRecord, WaNumberRecord } from '../../api/src/lib/records.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  // Giulia has written before: her contact exists
  await postWebhook(s, fixture('message-text'));
  await until(async () => (await contacts()).length === 1);
});
afterAll(async () => {
  await s?.stop();
});

const pb = () => s.ctx.pb;
const contacts = () => pb().collection('contacts').getFullList<ContactRecord>({ filter: "wa_id = '393471234567'" });
const consents = async (contactId: string) =>
  pb()
    .collection('contact_consents')
    .getFullList<{ kind: string; method: string; scope: string; source: string }>({
      filter: pb().filter('contact = {:c}', { c: contactId }),
      sort: 'at,created',
    });
const number = () =>
  pb()
    .collection('wa_numbers')
    .getFirstListItem<WaNumberRecord & { account_restriction: Record<string, unknown> | null }>(
      "phone_number_id = '106540352242922'",
    );
const events = (filter: string) =>
  pb()
    .collection('channel_events')
    .getFullList<{ field: string; event: string; kind: string; data: Record<string, unknown> }>({
      filter,
      sort: 'at,created',
    });

describe('user_preferences', () => {
  it('stop → marketing opt-out, resume → opt-in, in the consent history; redeliveries change nothing', async () => {
    const [c] = await contacts();
    await postWebhook(s, fixture('user-preferences-stop'));
    await postWebhook(s, fixture('user-preferences-stop'));
    const out = await until(async () => {
      const x = (await contacts())[0]!;
      return x.marketing_allowed === false && x.opted_out_at ? x : undefined;
    });
    expect(out.consent_method).toBe('whatsapp_preference');
    await s.ctx.writer.idle();
    expect(await consents(c!.id)).toMatchObject([
      {
        kind: 'opt_out',
        method: 'whatsapp_preference',
        scope: 'marketing',
        source: 'User requested to stop marketing messages',
      },
    ]);

    await postWebhook(s, fixture('user-preferences-resume'));
    await until(async () => (await contacts())[0]!.marketing_allowed === true);
    // the older `stop` arriving again after the resume must not undo it
    await postWebhook(s, fixture('user-preferences-stop'));
    await s.ctx.writer.idle();
    expect((await contacts())[0]!.marketing_allowed).toBe(true);
    expect((await consents(c!.id)).map((x) => x.kind)).toEqual(['opt_out', 'opt_in']);
  });
});

describe('smb_app_state_sync', () => {
  it('names the contact as the WhatsApp Business app does, and the chat title follows', async () => {
    await postWebhook(s, fixture('smb-app-state-sync'));
    const c = await until(async () => {
      const x = (await contacts())[0]!;
      return x.name === 'Giulia Rossi (Borse)' ? x : undefined;
    });
    expect(c.first_name).toBe('Giulia');
    await until(
      async () =>
        (
          await pb()
            .collection('conversations')
            .getFirstListItem(pb().filter('contact = {:c}', { c: c.id }))
        ).contact_name === 'Giulia Rossi (Borse)',
    );
    // a removal from the app's address book deletes nothing here
    expect(
      await pb()
        .collection('contacts')
        .getList(1, 1, { filter: "wa_id = '393470000000'" })
        .then((r) => r.totalItems),
    ).toBe(0);
  });
});

/** What Meta answers about the number from now on, without the webhooks (the test posts its own fixtures). */
const metaStanding = async (standing: Record<string, unknown>) => {
  const r = await fetch(`${s.url}/sandbox/control/numbers/standing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...standing, webhook: false }),
  });
  expect(r.status).toBe(200);
};

describe('account and capability events', () => {
  it('a restriction is recorded and set on the number; a ban lifted clears it', async () => {
    await postWebhook(s, fixture('account-update'));
    const n = await until(async () => {
      const x = await number();
      return x.account_restriction ? x : undefined;
    });
    expect(n.account_restriction).toMatchObject({
      event: 'ACCOUNT_RESTRICTION',
      what: ['RESTRICTED_BIZ_INITIATED_MESSAGING'],
      until: 1795934800,
    });
    expect(await events("field = 'account_update'")).toMatchObject([
      { event: 'ACCOUNT_RESTRICTION', kind: 'notice', data: { restriction_info: expect.any(Array) } },
    ]);

    await postWebhook(s, fixture('account-update-disabled'));
    await until(async () => (await number()).account_restriction?.event === 'DISABLED_UPDATE');
    await postWebhook(s, fixture('account-update-reinstated'));
    await until(async () => (await number()).account_restriction === null);
  });

  it('the tier follows business_capability_update and the 2026 quality update; alerts are kept', async () => {
    // Meta's state changes, then Meta sends the webhook (Spunta reads the whole standing back when one arrives)
    await metaStanding({ tier: 'TIER_2K' });
    await postWebhook(s, fixture('business-capability-update'));
    await until(async () => (await number()).messaging_limit_tier === 'TIER_2K');
    await metaStanding({ tier: 'TIER_10K', throughput: 'HIGH' });
    await postWebhook(s, fixture('phone-quality-2026'));
    await until(async () => (await number()).messaging_limit_tier === 'TIER_10K');
    await postWebhook(s, fixture('account-alerts'));
    const [alert] = await until(async () => {
      const list = await events("field = 'account_alerts'");
      return list.length ? list : undefined;
    });
    expect(alert).toMatchObject({
      event: 'INCREASED_CAPABILITIES_ELIGIBILITY_NEED_MORE_INFO',
      data: { alert_info: { alert_severity: 'WARNING' } },
    });
  });
});

describe('template events and unknown fields', () => {
  it('a completed category change applies to the template; an impending one is a notice', async () => {
    await pb().collection('templates').create({
      waba_id: '102290129340398',
      meta_id: '594425479261596',
      name: 'order_confirmation',
      language: 'it',
      category: 'UTILITY',
      status: 'APPROVED',
    });
    await postWebhook(s, fixture('template-category-update-impending'));
    await postWebhook(s, fixture('template-category-update-completed'));
    await until(
      async () =>
        (await pb().collection('templates').getFirstListItem<{ category: string }>("name = 'order_confirmation'"))
          .category === 'MARKETING',
    );
    expect((await events("field = 'template_category_update'")).map((e) => e.event)).toEqual([
      'CATEGORY_CHANGE_IMPENDING',
      'CATEGORY_CHANGED',
    ]);
  });

  it('a components update changes the stored components (quick replies kept) with a history entry, once', async () => {
    const t = await pb()
      .collection('templates')
      .getFirstListItem<{ id: string }>("name = 'order_confirmation' && language = 'it'");
    await pb()
      .collection('templates')
      .update(t.id, {
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Ordine' },
          { type: 'BODY', text: 'Ciao {{1}}, ordine {{2}} ricevuto.', example: { body_text: [['Giulia', 'A-1']] } },
          { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop' }] },
        ],
      });
    type Row = { components: Array<Record<string, unknown>>; history: Array<{ kind: string; detail?: string }> };
    const row = () => pb().collection('templates').getOne<Row>(t.id);
    await postWebhook(s, fixture('template-components-update'));
    const after = await until(async () => {
      const r = await row();
      return r.history?.some((h) => h.kind === 'edited') ? r : undefined;
    });
    expect(after.components).toEqual([
      {
        type: 'BODY',
        text: 'Ciao {{1}}, il tuo ordine {{2}} è confermato.',
        example: { body_text: [['Giulia', 'A-1']] },
      },
      { type: 'FOOTER', text: 'Spunta Demo' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Stop' },
          { type: 'URL', text: "Segui l'ordine", url: 'https://shop.example.com/o/{{1}}' },
        ],
      },
    ]);
    expect(after.history.filter((h) => h.kind === 'edited')).toMatchObject([
      { detail: 'changed at Meta: header, body, footer, buttons' },
    ]);
    expect((await events("field = 'message_template_components_update'")).map((e) => e.event)).toEqual([
      'COMPONENTS_UPDATED',
    ]);
    // a redelivery adds no second entry
    await postWebhook(s, fixture('template-components-update'));
    await until(async () => (await events("field = 'message_template_components_update'")).length === 2);
    await s.ctx.writer.idle();
    expect((await row()).history.filter((h) => h.kind === 'edited')).toHaveLength(1);
  });

  it('a field Spunta does not know yet is recorded whole', async () => {
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [{ field: 'security', value: { display_phone_number: '15550783881', event: 'PIN_CHANGED' } }],
        },
      ],
    });
    await postWebhook(s, raw);
    const [e] = await until(async () => {
      const list = await events("kind = 'unknown'");
      return list.length ? list : undefined;
    });
    expect(e).toMatchObject({ field: 'security', data: { event: 'PIN_CHANGED' } });
  });
});

describe('pending statuses', () => {
  it('a status for a wamid we never sent is parked, then removed once past the bounded age', async () => {
    const { purgePendingStatuses, PENDING_MAX_AGE_MS } = await import('../../api/src/modules/inbox/pending-purge.ts');
    const raw = fixture('status-delivered').replace(/wamid\.[A-Za-z0-9=_-]+/g, (w) => `${w}neverours`);
    await postWebhook(s, raw);
    const wamid = JSON.parse(raw).entry[0].changes[0].value.statuses[0].id as string;
    const parked = () =>
      pb()
        .collection('pending_statuses')
        .getFullList({ filter: pb().filter('wamid = {:w}', { w: wamid }) });
    await until(async () => (await parked()).length === 1);
    expect(await purgePendingStatuses(pb())).toBe(0);
    expect(await parked()).toHaveLength(1);
    expect(await purgePendingStatuses(pb(), Date.now() + PENDING_MAX_AGE_MS + 60_000)).toBeGreaterThanOrEqual(1);
    expect(await parked()).toHaveLength(0);
  });
});
