/** Campaigns: create, edit, act (start / pause / resume / cancel / duplicate / delete), preview and test. No HTTP here. */
import type { AppContext } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isNotFound } from '../../lib/pb.ts';
import { pbDate, type ContactRecord, type UserRecord, type WaNumberRecord } from '../../lib/records.ts';
import { userPrincipal } from '../../engine/policy/permissions.ts';
import { checkRecurrence } from '../../engine/scheduler/recurrence.ts';
import type { FieldDefs } from '../contacts/field-defs.ts';
import { parsePhone } from '../contacts/phone.ts';
import { SettingsStore } from '../settings/settings.store.ts';
import { audienceFilter, audiencePages, lastInbound } from './audience.ts';
import {
  allows,
  estimateCost,
  estimateDuration,
  EXCLUSION_REASONS,
  exclusionFor,
  type CampaignAction,
  type LimitFacts,
  type RateTable,
} from './campaign-rules.ts';
import type { CampaignEngine } from './campaign-engine.ts';
import { campaignView, emptyStats, type CampaignRecord } from './campaign.record.ts';
import type { CampaignStats } from './campaign-stats.ts';
import type { CampaignView, CreateBody, PatchBody, PreviewBody, Stats } from './campaigns.schema.ts';
import { buildMessage, categoryOf, countryOf, loadContentContext } from './content.ts';
import { META_RATES } from './rates.data.ts';
import type { RecipientStore } from './recipient-store.ts';
import { updateRecord } from '../../lib/record-update.ts';

const RATES_KEY = 'campaign_rates';

interface LimitsLike {
  usage(numberId: string): Promise<{ limit: number | null; used: number; resets_at: string | null }>;
}

export class CampaignsService {
  private readonly settings: SettingsStore;

  constructor(
    private readonly ctx: AppContext,
    private readonly deps: {
      defs: FieldDefs;
      recipients: RecipientStore;
      engine: CampaignEngine;
      stats: CampaignStats;
    },
  ) {
    this.settings = new SettingsStore(ctx.pb);
  }

  get pb() {
    return this.ctx.pb;
  }

  async list(): Promise<CampaignView[]> {
    const rows = await this.pb.collection('campaigns').getFullList<CampaignRecord>({ sort: '-created,-id' });
    return rows.map(campaignView);
  }

  async record(id: string): Promise<CampaignRecord> {
    try {
      return await this.pb.collection('campaigns').getOne<CampaignRecord>(id, { requestKey: null });
    } catch (err) {
      if (isNotFound(err)) throw notFound('Campaign');
      throw err;
    }
  }

  async get(id: string): Promise<CampaignView> {
    return campaignView(await this.record(id));
  }

  private async number(id: string | undefined): Promise<WaNumberRecord> {
    if (id) {
      try {
        return await this.pb.collection('wa_numbers').getOne<WaNumberRecord>(id, { requestKey: null });
      } catch (err) {
        if (isNotFound(err)) throw new AppError('validation_failed', 422, 'number: no such WhatsApp number');
        throw err;
      }
    }
    const first = await this.pb.collection('wa_numbers').getList<WaNumberRecord>(1, 1, { sort: 'created' });
    if (!first.items[0]) throw new AppError('no_number', 422, 'Connect a WhatsApp number first');
    return first.items[0];
  }

  /** What is checked before anything is stored: the number, an approved template, a schedule that runs. */
  private async validate(b: Pick<CreateBody, 'number' | 'template' | 'text' | 'schedule'>, user: UserRecord) {
    const number = await this.number(b.number);
    const cc = await loadContentContext(this.pb, number, b);
    if (b.template && !cc.translations.some((t) => t.status === 'APPROVED'))
      throw new AppError('template_not_approved', 422, `Template "${b.template.name}" has no approved translation`);
    if (b.template?.language && !cc.translations.some((t) => t.language === b.template!.language))
      throw new AppError('template_not_found', 422, `No "${b.template.name}" in ${b.template.language}`);
    if (b.schedule && 'cron' in b.schedule) {
      try {
        checkRecurrence({ cron: b.schedule.cron, timezone: b.schedule.timezone });
      } catch (err) {
        throw new AppError('validation_failed', 422, `schedule: ${(err as Error).message}`);
      }
    }
    if (b.schedule && 'at' in b.schedule && Date.parse(b.schedule.at) < this.ctx.scheduler.clock.now() - 60_000)
      throw new AppError('validation_failed', 422, 'schedule.at: in the past');
    void user;
    return { number, cc };
  }

  async create(user: UserRecord, b: CreateBody): Promise<CampaignView> {
    const { number } = await this.validate(b, user);
    await audienceFilter(this.pb, b.audience, { userId: user.id, defs: this.deps.defs });
    const rec = await this.pb.collection('campaigns').create<CampaignRecord>({
      name: b.name,
      state: b.schedule ? 'scheduled' : 'draft',
      number: number.id,
      template: b.template ?? null,
      text: b.text ?? null,
      audience: b.audience,
      schedule: b.schedule ?? null,
      next_run_at: b.schedule ? pbDate(this.firstRun(b.schedule)) : '',
      occurrence: 0,
      stats: emptyStats(),
      created_by: user.id,
    });
    if (b.schedule) await this.deps.engine.plan(rec);
    this.estimateLater(rec, user);
    return campaignView(rec);
  }

  private firstRun(s: NonNullable<CreateBody['schedule']>): number {
    if ('at' in s) return Date.parse(s.at);
    return this.deps.engine.nextRun({ schedule: s }, this.ctx.scheduler.clock.now()) ?? 0;
  }

  private assert(c: CampaignRecord, a: CampaignAction): void {
    if (!allows(c.state, a))
      throw new AppError('invalid_state', 409, `A ${c.state} campaign cannot ${a === 'edit' ? 'be edited' : a}`);
  }

  async patch(user: UserRecord, id: string, b: PatchBody): Promise<CampaignView> {
    const c = await this.record(id);
    this.assert(c, 'edit');
    const merged = {
      number: b.number ?? c.number,
      template: b.template === undefined ? (c.template ?? undefined) : (b.template ?? undefined),
      text: b.text === undefined ? (c.text ?? undefined) : (b.text ?? undefined),
      schedule: b.schedule === undefined ? (c.schedule ?? undefined) : (b.schedule ?? undefined),
    };
    if (!!merged.template === !!merged.text)
      throw new AppError('validation_failed', 422, 'template: give either a template or a text, not both');
    await this.validate(merged, user);
    if (b.audience) await audienceFilter(this.pb, b.audience, { userId: user.id, defs: this.deps.defs });
    await this.deps.engine.unplan(c);
    const rec = await updateRecord<CampaignRecord>(this.pb, 'campaigns', id, {
      ...(b.name ? { name: b.name } : {}),
      number: merged.number,
      template: merged.template ?? null,
      text: merged.text ?? null,
      ...(b.audience ? { audience: b.audience } : {}),
      schedule: merged.schedule ?? null,
      state: merged.schedule ? 'scheduled' : 'draft',
      next_run_at: merged.schedule ? pbDate(this.firstRun(merged.schedule)) : '',
    });
    if (merged.schedule) await this.deps.engine.plan(rec);
    this.estimateLater(rec, user);
    return campaignView(rec);
  }

  async remove(id: string): Promise<void> {
    const c = await this.record(id);
    this.assert(c, 'delete');
    await this.deps.engine.unplan(c);
    await this.deps.recipients.purge(id);
    await this.pb.collection('campaigns').delete(id);
  }

  async act(
    user: UserRecord,
    id: string,
    action: 'start' | 'pause' | 'resume' | 'cancel' | 'duplicate',
  ): Promise<CampaignView> {
    const c = await this.record(id);
    const { engine } = this.deps;
    const update = (patch: Record<string, unknown>) =>
      updateRecord<CampaignRecord>(this.pb, 'campaigns', id, patch).then(campaignView);
    switch (action) {
      case 'start': {
        this.assert(c, 'start');
        await this.validate({ number: c.number, template: c.template ?? undefined, text: c.text ?? undefined }, user);
        await engine.unplan(c);
        // a recurring campaign started by hand runs now and keeps its cron
        const v = await update({
          state: 'scheduled',
          schedule: c.schedule && 'cron' in c.schedule ? c.schedule : null,
        });
        await engine.plan({ ...c, state: 'scheduled' }, true);
        if (c.schedule && 'cron' in c.schedule) await engine.plan(c);
        return v;
      }
      case 'pause': {
        this.assert(c, 'pause');
        await engine.unplan(c);
        return update({ state: 'paused' });
      }
      case 'resume': {
        this.assert(c, 'resume');
        if (c.occurrence > 0 && !c.completed_at) {
          const v = await update({ state: 'sending', error: '' });
          await engine.continue({ ...c, state: 'sending' });
          if (c.schedule && 'cron' in c.schedule) await engine.plan(c);
          return v;
        }
        const v = await update({ state: c.schedule ? 'scheduled' : 'draft', error: '' });
        if (c.schedule) await engine.plan(c);
        return v;
      }
      case 'cancel': {
        this.assert(c, 'cancel');
        await engine.unplan(c);
        const v = await update({ state: 'cancelled', next_run_at: '', resume_at: '' });
        // a slice still running stops within its state check; who it had not handed over is never sent
        if (c.occurrence > 0) {
          await this.deps.recipients.cancel(c.id, c.occurrence);
          await this.deps.stats.refresh(c.id);
          return campaignView(await this.record(id));
        }
        return v;
      }
      case 'duplicate': {
        const copy = await this.pb.collection('campaigns').create<CampaignRecord>({
          name: `${c.name} (copy)`.slice(0, 200),
          state: 'draft',
          number: c.number,
          template: c.template,
          text: c.text,
          audience: c.audience,
          schedule: null,
          occurrence: 0,
          stats: emptyStats(),
          estimate: c.estimate,
          created_by: user.id,
        });
        return campaignView(copy);
      }
    }
  }

  // ---- preview and estimates -------------------------------------------------------------------------

  /** Counts the audience by exclusion reason (reading it a page at a time), with a sample and the estimates. */
  async preview(user: UserRecord, b: PreviewBody) {
    const { number, cc } = await this.validate(b, user);
    const filter = await audienceFilter(this.pb, b.audience, { userId: user.id, defs: this.deps.defs });
    const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Stats['excluded'];
    const byCountry: Record<string, number> = {};
    const sample: Array<{ contact_id: string; name: string; phone: string; language: string; preview: string }> = [];
    const marketing = categoryOf(cc) === 'MARKETING';
    const now = this.ctx.scheduler.clock.now();
    let audience = 0;
    let sendable = 0;
    for await (const page of audiencePages(this.pb, number.id, filter)) {
      const inbound = b.text
        ? await lastInbound(
            this.pb,
            page.map((p) => p.id),
          )
        : undefined;
      for (const contact of page) {
        audience++;
        // no content yet (the wizard's audience step): counted without the content's own reasons
        const built = b.template || b.text ? buildMessage(b, cc, contact) : undefined;
        const reason = exclusionFor(contact, {
          now,
          marketing,
          freeText: !!b.text,
          lastInboundAt: inbound?.get(contact.id),
          hasLanguage: !(built?.ok === false && 'reason' in built),
        });
        if (reason) {
          excluded[reason]++;
          continue;
        }
        sendable++;
        const country = countryOf(contact) || '*';
        byCountry[country] = (byCountry[country] ?? 0) + 1;
        if (sample.length < 10)
          sample.push({
            contact_id: contact.id,
            name: contact.name || contact.profile_name || '',
            phone: contact.phone ?? '',
            language: !built ? (contact.language ?? '') : built.ok ? built.language : '',
            preview: !built ? '' : built.ok ? built.preview : `⚠ ${'error' in built ? built.error.message : ''}`,
          });
      }
    }
    const estimate = {
      duration_s: estimateDuration({
        recipients: sendable,
        newConversations: b.text ? 0 : sendable,
        mps: number.throughput_mps || 80,
        ...(await this.limitFacts(number.id)),
      }),
      cost: estimateCost(await this.rates(), byCountry, b.text ? undefined : categoryOf(cc)),
    };
    return { audience, excluded, sample, estimate };
  }

  /** The messaging limit as contract A reports it (ctx.limits, from the send rails), when present. */
  private async limitFacts(numberId: string): Promise<{ limit?: LimitFacts }> {
    const limits = (this.ctx as unknown as { limits?: LimitsLike }).limits;
    if (!limits) return {};
    const u = await limits.usage(numberId);
    return { limit: { limit: u.limit, used: u.used, resetsAt: u.resets_at ? Date.parse(u.resets_at) : undefined } };
  }

  private estimateLater(c: CampaignRecord, user: UserRecord): void {
    void this.preview(user, {
      number: c.number,
      template: c.template ?? undefined,
      text: c.text ?? undefined,
      audience: c.audience,
    })
      .then((p) => updateRecord(this.pb, 'campaigns', c.id, { estimate: p.estimate }))
      .catch((err) => this.ctx.log.warn('campaign estimate failed', { campaign: c.id, err: String(err) }));
  }

  async rates(): Promise<RateTable> {
    return this.settings.get<RateTable>(RATES_KEY, META_RATES);
  }

  async setRates(t: RateTable): Promise<RateTable> {
    return this.settings.set(RATES_KEY, t);
  }

  // ---- test send -------------------------------------------------------------------------------------

  /** Sends the campaign's content to one phone (one's own), filled as for the contact with that phone if any. */
  async test(user: UserRecord, id: string, phone: string) {
    const c = await this.record(id);
    const number = await this.number(c.number);
    const parsed = parsePhone(phone);
    if (!parsed.ok || !parsed.valid)
      throw new AppError('validation_failed', 422, 'phone: not a valid international number', [
        { path: 'phone', message: 'invalid' },
      ]);
    const waId = parsed.e164.slice(1);
    const known = await this.pb.collection('contacts').getList<ContactRecord>(1, 1, {
      filter: this.pb.filter('wa_number = {:n} && wa_id = {:w}', { n: number.id, w: waId }),
      requestKey: null,
    });
    const content = { template: c.template ?? undefined, text: c.text ?? undefined };
    const cc = await loadContentContext(this.pb, number, content);
    const built = buildMessage(content, cc, known.items[0] ?? { id: '', phone: parsed.e164, wa_id: waId });
    if (!built.ok)
      throw 'error' in built ? built.error : new AppError('template_not_approved', 422, 'No approved translation');
    const res = await this.ctx.send.enqueue({
      principal: userPrincipal(user),
      to: { numberId: number.id, waId },
      body: built.body,
      purpose: c.template ? 'template' : 'reply',
    });
    return {
      message: { id: res.message.id, status: res.message.status },
      preview: built.preview,
      language: built.language,
    };
  }
}
