/**
 * WhatsApp numbers from the admin settings: list them, connect one after Meta (or the sandbox) confirmed
 * the ids and the token, rotate its secrets, remove it, send a test message through the normal send path.
 * Numbers from the environment (or the built-in sandbox number) are shown but never changed here.
 * The Graph base URL comes from configuration only; the admin types ids and tokens, never a URL, so the
 * server cannot be pointed at a private address.
 */
import { createHmac } from 'node:crypto';
import type { AppContext } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isNotFound, isUniqueViolation } from '../../lib/pb.ts';
import type { MessageRecord, UserRecord, WaNumberRecord } from '../../lib/records.ts';
import { ChannelSendError } from '../channels/channel.types.ts';
import { GraphClient } from '../channels/whatsapp/graph-client.ts';
import type { NumberDirectory, WaNumberSecretRecord } from '../channels/whatsapp/number-directory.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import type { TemplateSync } from '../templates/templates.sync.ts';
import { THROUGHPUT_DEFAULT_MPS, type ConnectNumber, type NumberViewT, type UpdateNumber } from './numbers.schema.ts';
import { assertMay, may, principalOf } from '../../engine/policy/policy.ts';
import { updateRecord } from '../../lib/record-update.ts';

const RATINGS = new Set(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']);
export const WEBHOOK_FIELDS = [
  'messages',
  'message_template_status_update',
  'message_template_quality_update',
  'phone_number_quality_update',
  'account_update',
];

export interface NumbersDeps {
  ctx: AppContext;
  directory: NumberDirectory;
  messages: MessagesService;
  templates: TemplateSync;
}

const requireAdmin = (u: UserRecord) => assertMay(u, 'numbers.write');

/** Meta's answer about the ids and the token, as the admin should read it. */
function explainGraphError(err: unknown): AppError {
  if (!(err instanceof ChannelSendError))
    return new AppError(
      'graph_unreachable',
      502,
      `Could not reach the WhatsApp API: ${String((err as Error).message ?? err)}`,
    );
  const e = err.error;
  const meta = { meta_code: e.code, meta_message: e.message ?? e.title };
  if (e.code === 190)
    return new AppError('invalid_token', 422, `Meta refused the access token: ${e.message ?? e.title}`, meta);
  if (e.code === 100 && /appsecret_proof/i.test(e.message ?? ''))
    return new AppError(
      'invalid_app_secret',
      422,
      'The app secret does not belong to the app of this access token',
      meta,
    );
  if (e.code === 100)
    return new AppError(
      'number_not_found',
      422,
      'Meta does not know this phone number id, or the token has no access to it',
      meta,
    );
  if (e.code < 0)
    return new AppError('graph_unreachable', 502, `Could not reach the WhatsApp API: ${e.details ?? e.title}`, meta);
  return new AppError('graph_error', 422, `Meta answered: ${e.message ?? e.title}`, meta);
}

export class NumbersService {
  constructor(private readonly deps: NumbersDeps) {}

  private get pb() {
    return this.deps.ctx.pb;
  }

  async list(user: UserRecord): Promise<NumberViewT[]> {
    const rows = await this.pb.collection('wa_numbers').getFullList<WaNumberSecretRecord>({ sort: 'created' });
    const def = rows.find((r) => r.mode !== 'sandbox') ?? rows[0];
    return rows.map((r) => this.view(r, may(principalOf(user), 'numbers.write'), r.id === def?.id));
  }

  private view(r: WaNumberSecretRecord, withSecrets: boolean, isDefault: boolean): NumberViewT {
    const origin = this.deps.directory.originOf(r.phone_number_id);
    const state = (v: string | undefined) => (v ? 'set' : 'not_set') as 'set' | 'not_set';
    const creds = this.deps.directory.get(r.phone_number_id);
    return {
      id: r.id,
      phone_number_id: r.phone_number_id,
      waba_id: r.waba_id,
      display_phone_number: r.display_phone_number,
      verified_name: r.verified_name,
      quality_rating: r.quality_rating || 'UNKNOWN',
      messaging_limit_tier: r.messaging_limit_tier,
      throughput_mps: r.throughput_mps || THROUGHPUT_DEFAULT_MPS,
      status: r.status,
      mode: r.mode || 'meta',
      origin,
      read_only: origin !== 'app',
      default: isDefault,
      // env/sandbox numbers: what counts is what the server uses (config), not the stored row
      ...(withSecrets
        ? {
            secrets: {
              access_token: state(creds?.accessToken ?? r.access_token),
              app_secret: state(creds?.appSecret ?? r.app_secret),
              verify_token: state(creds?.verifyToken ?? r.verify_token),
            },
          }
        : {}),
    };
  }

  private baseUrl(mode: 'meta' | 'sandbox'): string {
    if (mode === 'sandbox' && this.deps.ctx.config.whatsapp.mode !== 'sandbox') {
      throw new AppError(
        'sandbox_unavailable',
        422,
        'mode: the built-in sandbox only runs when no WA_* variables are set',
      );
    }
    return this.deps.directory.baseUrlFor({ mode, origin: 'app' });
  }

  /** Asks Meta (or the sandbox) about the number with this token and app secret; throws a clear error otherwise. */
  private async probe(mode: 'meta' | 'sandbox', pnid: string, wabaId: string, token: string, appSecret: string) {
    const graph = new GraphClient({ baseUrl: this.baseUrl(mode), accessToken: token, timeoutMs: 15_000 });
    const proof = createHmac('sha256', appSecret).update(token).digest('hex');
    let info: Record<string, unknown>;
    try {
      info = await graph.getPhoneNumber(pnid, 'display_phone_number,verified_name,quality_rating', proof);
    } catch (err) {
      throw explainGraphError(err);
    }
    let numbers: Array<{ id: string }>;
    try {
      numbers = await graph.listPhoneNumbers(wabaId);
    } catch (err) {
      const e = explainGraphError(err);
      throw e.code === 'number_not_found'
        ? new AppError(
            'waba_mismatch',
            422,
            'Meta does not know this WhatsApp Business Account id, or the token has no access to it',
            e.details,
          )
        : e;
    }
    if (!numbers.some((n) => n.id === pnid))
      throw new AppError('waba_mismatch', 422, 'This phone number does not belong to this WhatsApp Business Account');
    const rating = String(info.quality_rating ?? 'UNKNOWN').toUpperCase();
    return {
      display_phone_number: String(info.display_phone_number ?? '').slice(0, 40),
      verified_name: String(info.verified_name ?? '').slice(0, 200),
      quality_rating: RATINGS.has(rating) ? rating : 'UNKNOWN',
    };
  }

  async connect(user: UserRecord, body: ConnectNumber): Promise<NumberViewT> {
    requireAdmin(user);
    const wa = this.deps.ctx.config.whatsapp;
    if (body.phone_number_id === wa.phoneNumberId) {
      throw new AppError(
        'read_only',
        409,
        wa.mode === 'meta'
          ? 'This number is configured in the environment (WA_* variables), which wins'
          : 'This is the built-in sandbox number',
      );
    }
    const existing = this.deps.directory.get(body.phone_number_id);
    if (existing)
      throw new AppError('number_exists', 409, 'This number is already connected; change its secrets instead');
    const info = await this.probe(body.mode, body.phone_number_id, body.waba_id, body.access_token, body.app_secret);
    let row: WaNumberSecretRecord;
    try {
      row = await this.pb.collection('wa_numbers').create<WaNumberSecretRecord>({
        phone_number_id: body.phone_number_id,
        waba_id: body.waba_id,
        mode: body.mode,
        status: 'CONNECTED',
        messaging_limit_tier: '',
        ...info,
        access_token: body.access_token,
        app_secret: body.app_secret,
        verify_token: body.verify_token,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('number_exists', 409, 'This number is already connected');
      throw err;
    }
    await this.changed(row);
    this.deps.ctx.log.info('whatsapp number connected', {
      phoneNumberId: row.phone_number_id,
      mode: row.mode,
      by: user.id,
    });
    return this.view(row, true, false);
  }

  private async appRow(id: string): Promise<WaNumberSecretRecord> {
    let row: WaNumberSecretRecord;
    try {
      row = await this.pb.collection('wa_numbers').getOne<WaNumberSecretRecord>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('WhatsApp number');
      throw err;
    }
    if (this.deps.directory.originOf(row.phone_number_id) !== 'app') {
      throw new AppError(
        'read_only',
        409,
        'This number comes from the environment (WA_* variables) or the built-in sandbox: change it there',
      );
    }
    return row;
  }

  async update(user: UserRecord, id: string, body: UpdateNumber): Promise<NumberViewT> {
    requireAdmin(user);
    const row = await this.appRow(id);
    const token = body.access_token ?? row.access_token ?? '';
    const secret = body.app_secret ?? row.app_secret ?? '';
    // a new token or secret is checked with Meta before it replaces one that works
    const info =
      body.access_token || body.app_secret
        ? await this.probe(row.mode || 'meta', row.phone_number_id, row.waba_id, token, secret)
        : {};
    const updated = await updateRecord<WaNumberSecretRecord>(this.pb, 'wa_numbers', row.id, { ...info, ...body });
    await this.changed(updated);
    return this.view(updated, true, false);
  }

  /**
   * The number's send cap (any number, the environment's and the sandbox's too: it is ours, not Meta's):
   * the outbound queue's token bucket uses it from the next token on.
   */
  async setThroughput(user: UserRecord, id: string, mps: number): Promise<NumberViewT> {
    assertMay(user, 'numbers.throughput');
    let updated: WaNumberSecretRecord;
    try {
      updated = await updateRecord<WaNumberSecretRecord>(this.pb, 'wa_numbers', id, { throughput_mps: mps });
    } catch (err) {
      if (isNotFound(err)) throw notFound('WhatsApp number');
      throw err;
    }
    const { writer, outbound } = this.deps.ctx;
    const cached = writer.cache.numbersById.get(id);
    writer.cache.putNumber(cached ? { ...cached, throughput_mps: mps } : (updated as WaNumberRecord));
    outbound.rateChanged(updated.phone_number_id);
    const rows = await this.pb.collection('wa_numbers').getFullList<{ id: string; mode: string }>({
      sort: 'created',
      fields: 'id,mode',
    });
    const def = rows.find((r) => r.mode !== 'sandbox') ?? rows[0];
    return this.view(updated, true, updated.id === def?.id);
  }

  async remove(user: UserRecord, id: string): Promise<void> {
    requireAdmin(user);
    const row = await this.appRow(id);
    const used = await this.pb
      .collection('contacts')
      .getList(1, 1, { filter: this.pb.filter('wa_number = {:n}', { n: row.id }), fields: 'id' });
    if (used.totalItems > 0)
      throw new AppError(
        'number_in_use',
        409,
        'This number has contacts and chats; it cannot be removed without losing them',
      );
    await this.pb.collection('wa_numbers').delete(row.id);
    await this.deps.directory.load();
  }

  /** Meta's sample template (every WABA has it) through the normal send path, so the admin sees it arrive. */
  async testMessage(user: UserRecord, token: string, id: string, to: string): Promise<MessageRecord> {
    requireAdmin(user);
    let row: WaNumberRecord;
    try {
      row = await this.pb.collection('wa_numbers').getOne<WaNumberRecord>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('WhatsApp number');
      throw err;
    }
    const has = () =>
      this.pb.collection('templates').getList(1, 1, {
        filter: this.pb.filter("waba_id = {:w} && name = 'hello_world' && language = 'en_US' && status = 'APPROVED'", {
          w: row.waba_id,
        }),
        fields: 'id',
      });
    if (!(await has()).totalItems)
      await this.deps.templates
        .sync(row.waba_id)
        .catch((err) => this.deps.ctx.log.warn('template sync for the test message failed', { err: String(err) }));
    if (!(await has()).totalItems)
      throw new AppError(
        'template_not_found',
        422,
        'The test message uses Meta\'s sample template "hello_world" (en_US), which this WhatsApp account does not have approved',
      );
    const { message } = await this.deps.messages.send(
      user,
      token,
      { to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
      { phoneNumberId: row.phone_number_id },
    );
    return message;
  }

  private async changed(row: WaNumberRecord): Promise<void> {
    await this.deps.directory.load();
    this.deps.ctx.writer.cache.putNumber(row);
    // its templates appear without waiting for the periodic sync
    void this.deps.templates
      .sync(row.waba_id)
      .catch((err) =>
        this.deps.ctx.log.warn('template sync of a new number failed', { waba: row.waba_id, err: String(err) }),
      );
  }
}
