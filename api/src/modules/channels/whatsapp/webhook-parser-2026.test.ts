/**
 * The 2026 payload shapes (BSUIDs and usernames, edits and revokes, echoes, preferences, account and
 * template events), each from a real-shaped fixture in tests/fixtures/whatsapp/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { WebhookUpdate } from '../channel.types.ts';
import { parseWebhook } from './webhook-parser.ts';

const FIXTURES = fileURLToPath(new URL('../../../../../tests/fixtures/whatsapp/', import.meta.url));
const load = (name: string): unknown => JSON.parse(readFileSync(FIXTURES + name, 'utf8'));
const WABA = '102290129340398';
const PNID = '106540352242922';

function only<K extends WebhookUpdate['kind']>(name: string, kind: K): Extract<WebhookUpdate, { kind: K }> {
  const updates = parseWebhook(load(name));
  expect(updates).toHaveLength(1);
  expect(updates[0]!.kind).toBe(kind);
  return updates[0] as Extract<WebhookUpdate, { kind: K }>;
}

describe('business-scoped user ids and usernames', () => {
  it('a username-only customer: BSUID and username, no phone', () => {
    expect(only('message-text-username-only.json', 'message')).toMatchObject({
      wabaId: WABA,
      phoneNumberId: PNID,
      from: '',
      fromUserId: 'IT.1502576394655843',
      username: 'chiara.design',
      profileName: 'Chiara',
      type: 'text',
      payload: { body: 'Ciao, vorrei un preventivo per il logo' },
    });
  });

  it('phone, BSUID and parent BSUID together', () => {
    const m = only('message-text-bsuid-and-phone.json', 'message');
    expect(m).toMatchObject({
      from: '393471234567',
      fromUserId: 'IT.13491208655302741918',
      fromParentUserId: 'IT.ENT.11815799212886844830',
      profileName: 'Giulia Rossi',
    });
    expect(m.username).toBeUndefined();
  });

  it('the BSUID comes from contacts[] when the message lacks from_user_id', () => {
    const doc = load('message-text-bsuid-and-phone.json') as any;
    delete doc.entry[0].changes[0].value.messages[0].from_user_id;
    delete doc.entry[0].changes[0].value.messages[0].from_parent_user_id;
    expect(parseWebhook(doc)[0]).toMatchObject({
      kind: 'message',
      fromUserId: 'IT.13491208655302741918',
      fromParentUserId: 'IT.ENT.11815799212886844830',
    });
  });

  it('a message with neither phone nor BSUID is kept as unknown, not guessed', () => {
    const doc = load('message-text-username-only.json') as any;
    delete doc.entry[0].changes[0].value.messages[0].from_user_id;
    doc.entry[0].changes[0].value.contacts = [];
    expect(parseWebhook(doc)).toMatchObject([{ kind: 'unknown', field: 'messages' }]);
  });

  it('status of a send to a BSUID: recipient ids, username, pricing, callback data', () => {
    expect(only('status-delivered-bsuid.json', 'status')).toEqual({
      kind: 'status',
      wabaId: WABA,
      phoneNumberId: PNID,
      wamid: expect.stringMatching(/^wamid\./),
      status: 'delivered',
      timestamp: 1795330131,
      recipientId: '',
      errors: [],
      pricing: { billable: false, pricingModel: 'PMP', type: 'free_customer_service', category: 'service' },
      biz_opaque_callback_data: 'spunta:msg:k3v9q2x8m1n4p7r',
      recipient: { recipient_user_id: 'IT.1502576394655843', username: 'chiara.design' },
    });
  });
});

describe('edits, revokes and WhatsApp Business app echoes', () => {
  it('an edit carries the original wamid and the new version, normalised like any message', () => {
    expect(only('edit-text.json', 'message')).toMatchObject({
      from: '393471234567',
      type: 'edit',
      preview: '✏️ Ciao! Avete ancora la borsa in pelle marrone?',
      payload: {
        messageId: 'wamid.HBgMMzkzNDcxMjM0NTY3FQIAEhggMUNCMjUxRUMwRDU2OERFNkE5MjlCNTIwQzRBRUQ4RDE=',
        type: 'text',
        payload: { body: 'Ciao! Avete ancora la borsa in pelle marrone?' },
        preview: 'Ciao! Avete ancora la borsa in pelle marrone?',
      },
    });
    const image = only('edit-image-caption.json', 'message');
    expect(image.payload).toMatchObject({
      type: 'image',
      preview: 'Questa qui, taglia L',
      payload: { caption: 'Questa qui, taglia L', media: { id: '1479238196541237', mimeType: 'image/jpeg' } },
      context: { replyTo: expect.stringMatching(/^wamid\./) },
    });
  });

  it('a revoke names the deleted message', () => {
    expect(only('revoke.json', 'message')).toMatchObject({
      type: 'revoke',
      preview: '🚫 This message was deleted',
      payload: { messageId: 'wamid.HBgMMzkzNDcxMjM0NTY3FQIAEhggMUNCMjUxRUMwRDU2OERFNkE5MjlCNTIwQzRBRUQ4RDE=' },
    });
  });

  it('echoes are messages to the customer in `to`, flagged as echoes', () => {
    expect(only('echo-text.json', 'message')).toMatchObject({
      echo: true,
      from: '393471234567',
      type: 'text',
      payload: { body: "Sì, ce l'abbiamo in negozio: passi pure oggi pomeriggio!" },
    });
    expect(only('echo-image.json', 'message')).toMatchObject({
      echo: true,
      type: 'image',
      payload: { media: { id: '2045718391264508' }, caption: 'Eccola' },
    });
  });
});

describe('media Meta could not fetch, security-code changes', () => {
  it('an image with errors and no id is kept as an image with the errors (nothing to download)', () => {
    expect(only('message-image-media-error.json', 'message')).toMatchObject({
      type: 'image',
      preview: '⚠️ 📷 Photo not received',
      payload: {
        media: { id: '', mimeType: 'image/jpeg' },
        errors: [
          { code: 131052, title: 'Media download error', details: 'Unable to download the media sent by the user.' },
        ],
      },
    });
  });

  it('identity changes keep the identity block on the system notice', () => {
    expect(only('message-system-identity.json', 'message')).toMatchObject({
      type: 'system',
      payload: {
        kind: 'customer_identity_changed',
        body: "Giulia Rossi's security code changed",
        identity: { acknowledged: false, created: 1795330094, hash: 'Sjvjlx8G6Z0=' },
      },
    });
  });
});

describe('preferences, address book, account and template events', () => {
  it('user_preferences: stop and resume with the customer ids', () => {
    expect(only('user-preferences-stop.json', 'user_preference')).toEqual({
      kind: 'user_preference',
      wabaId: WABA,
      phoneNumberId: PNID,
      waId: '393471234567',
      userId: 'IT.13491208655302741918',
      category: 'marketing_messages',
      value: 'stop',
      detail: 'User requested to stop marketing messages',
      timestamp: 1795330201,
    });
    expect(only('user-preferences-resume.json', 'user_preference').value).toBe('resume');
  });

  it('smb_app_state_sync: one update per address-book entry', () => {
    expect(parseWebhook(load('smb-app-state-sync.json'))).toEqual([
      {
        kind: 'contact_sync',
        wabaId: WABA,
        phoneNumberId: PNID,
        action: 'add',
        phone: '393471234567',
        fullName: 'Giulia Rossi (Borse)',
        firstName: 'Giulia',
        timestamp: 1795330210,
      },
      {
        kind: 'contact_sync',
        wabaId: WABA,
        phoneNumberId: PNID,
        action: 'remove',
        phone: '393470000000',
        timestamp: 1795330211,
      },
    ]);
  });

  it('account_alerts, business_capability_update and the 2026 phone quality shape', () => {
    expect(only('account-alerts.json', 'account_notice')).toMatchObject({
      field: 'account_alerts',
      event: 'INCREASED_CAPABILITIES_ELIGIBILITY_NEED_MORE_INFO',
      raw: { alert_info: expect.any(Object) },
    });
    expect(only('business-capability-update.json', 'account_notice')).toMatchObject({
      field: 'business_capability_update',
      event: 'CAPABILITY_UPDATE',
      tier: 'TIER_2K',
    });
    expect(only('phone-quality-2026.json', 'phone_quality')).toEqual({
      kind: 'phone_quality',
      wabaId: WABA,
      displayPhoneNumber: '15550783881',
      event: 'THROUGHPUT_UPGRADE',
      maxDailyConversations: 'TIER_10K',
    });
    // Meta's own example shows an integer limit: accepted as a tier
    const doc = load('business-capability-update.json') as any;
    doc.entry[0].changes[0].value.max_daily_conversations_per_business = 10000;
    expect(parseWebhook(doc)[0]).toMatchObject({ tier: 'TIER_10K' });
  });

  it('template rejection info, category updates (impending and completed) and components', () => {
    expect(only('template-status-rejected.json', 'template_status')).toMatchObject({
      reason: 'INVALID_FORMAT',
      rejectionInfo: {
        reason: 'The template contains an invalid variable format.',
        recommendation: 'Use {{1}}-style variables without special characters.',
      },
    });
    expect(only('template-category-update-impending.json', 'template_category')).toEqual({
      kind: 'template_category',
      wabaId: WABA,
      templateId: '594425479261596',
      name: 'order_confirmation',
      language: 'it',
      correctCategory: 'MARKETING',
      effectiveAt: 1795934800,
    });
    expect(only('template-category-update-completed.json', 'template_category')).toMatchObject({
      previousCategory: 'UTILITY',
      newCategory: 'MARKETING',
    });
    expect(only('template-components-update.json', 'template_components')).toMatchObject({
      name: 'order_confirmation',
      raw: { message_template_footer: 'Spunta Demo' },
    });
  });
});
