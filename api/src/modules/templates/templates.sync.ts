/**
 * Mirrors Meta's message templates into the `templates` collection: on start, every few minutes (a
 * recurring scheduler row, `recurring:templates.sync`) and whenever a template status webhook arrives. Meta stays the source of truth; rows Meta no longer
 * lists are marked DELETED rather than removed, so history that refers to them still renders.
 */
import type { GraphClient, GraphTemplate } from '../channels/whatsapp/graph-client.ts';
import type { Logger } from '../../lib/logger.ts';
import type { PocketBase } from '../../lib/pb.ts';
import { pbDate, type TemplateRecord } from '../../lib/records.ts';
import type { Scheduler } from '../../engine/scheduler/scheduler.ts';
import { type HistoryEntry, type StudioTemplate, withHistory } from './template-model.ts';
import { applyComponentsUpdate, changedParts } from './template-components-update.ts';
import type { TplComponent } from './template-placeholders.ts';
import type { TemplateStatusUpdate } from '../channels/channel.types.ts';
import { updateRecord } from '../../lib/record-update.ts';

/** A message_template_status_update as the channel parser reads it (rejection_info, other_info included). */
export type TemplateStatusNews = Omit<TemplateStatusUpdate, 'kind'>;

export const TEMPLATE_SYNC = 'templates.sync';

export class TemplateSync {
  private running: Promise<number> | undefined;

  constructor(
    private readonly deps: { pb: PocketBase; graph: GraphClient; log: Logger; wabaIds: () => Promise<string[]> },
  ) {}

  /** Registers the periodic sync; it runs now and then every `everyMinutes` (one row, whichever worker). */
  async start(scheduler: Scheduler, everyMinutes: number): Promise<void> {
    scheduler.register(TEMPLATE_SYNC, {
      concurrency: 1,
      maxAttempts: 1,
      leaseMs: 5 * 60_000,
      handler: async () => void (await this.syncAll()),
    });
    await scheduler.recurring(
      TEMPLATE_SYNC,
      { everyMs: everyMinutes * 60_000 },
      { runNow: true, principal: 'system:templates' },
    );
  }

  /** Coalesces overlapping requests (a burst of status webhooks triggers one sync). */
  syncAll(): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      let n = 0;
      try {
        for (const waba of await this.deps.wabaIds()) n += await this.sync(waba);
      } catch (err) {
        this.deps.log.warn('template sync failed', { err: String(err) });
      } finally {
        this.running = undefined;
      }
      return n;
    })();
    return this.running;
  }

  async sync(wabaId: string): Promise<number> {
    const { pb, graph } = this.deps;
    const remote = await graph.listTemplates(wabaId);
    const local = await pb
      .collection('templates')
      .getFullList<StudioTemplate>({ filter: pb.filter('waba_id = {:w}', { w: wabaId }) });
    const byKey = new Map(local.map((t) => [`${t.name}|${t.language}`, t]));
    const now = pbDate(Date.now());
    for (const t of remote) {
      const data = row(wabaId, t, now);
      const existing = byKey.get(`${t.name}|${t.language}`);
      byKey.delete(`${t.name}|${t.language}`);
      if (existing) await updateRecord(pb, 'templates', existing.id, { ...data, ...changes(existing, data) });
      else
        await pb.collection('templates').create({
          ...data,
          default_language: t.language,
          history: withHistory({ history: [] }, { kind: 'status', to: t.status, detail: 'read from Meta' }),
        });
    }
    for (const gone of byKey.values()) {
      // drafts (and a submission still in flight) exist only here: Meta not listing them means nothing
      if (gone.status === 'DELETED' || gone.status === 'DRAFT' || (gone.status === 'SUBMITTED' && !gone.meta_id))
        continue;
      await updateRecord(pb, 'templates', gone.id, {
        status: 'DELETED',
        deleted_at: gone.deleted_at || now,
        synced_at: now,
        history: withHistory(gone, { kind: 'status', from: gone.status, to: 'DELETED' }),
      });
    }
    return remote.length;
  }

  /** A status webhook: record it at once (the UI shows it live), then resync for the full definition. */
  /**
   * A sync that read Meta before this webhook was sent would write the older state over it: webhook
   * news waits for the sync in flight, and a status change starts a fresh one afterwards.
   */
  private async afterRunningSync(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  async applyStatus(u: TemplateStatusNews): Promise<void> {
    const { pb } = this.deps;
    await this.afterRunningSync();
    const found = await this.find(u);
    const reason = u.reason && u.reason !== 'NONE' ? u.reason : '';
    const data: Record<string, unknown> = {
      waba_id: u.wabaId,
      meta_id: u.templateId,
      name: u.name,
      language: u.language,
      status: u.event,
      // Meta's reason code (INVALID_FORMAT, INCORRECT_CATEGORY…) stays in rejected_reason, as Meta's list reports it
      ...(u.event === 'REJECTED'
        ? {
            rejected_reason: reason || u.rejectionInfo?.reason || '',
            status_detail: u.rejectionInfo?.reason ?? '',
            rejection_recommendation: u.rejectionInfo?.recommendation ?? '',
          }
        : {}),
      ...(u.event === 'APPROVED' ? { rejected_reason: '', rejection_recommendation: '', status_detail: '' } : {}),
      ...(u.otherInfo?.description || u.otherInfo?.title
        ? { status_detail: [u.otherInfo.title, u.otherInfo.description].filter(Boolean).join(': ') }
        : {}),
      ...(u.event === 'DELETED' ? { deleted_at: pbDate(Date.now()) } : {}),
      ...(u.category ? { category: u.category } : {}),
    };
    if (found) {
      data.history = withHistory(
        found,
        ...(found.status !== u.event
          ? [
              {
                kind: 'status' as const,
                from: found.status,
                to: u.event,
                ...(reason ? { reason } : {}),
                ...(u.rejectionInfo?.reason ? { detail: u.rejectionInfo.reason } : {}),
              },
            ]
          : []),
        ...(u.category && u.category !== found.category
          ? [{ kind: 'category' as const, from: found.category, to: u.category }]
          : []),
      );
      await updateRecord(pb, 'templates', found.id, data);
    } else {
      await pb.collection('templates').create({
        ...data,
        default_language: u.language,
        history: withHistory({ history: [] }, { kind: 'status', to: u.event }),
      });
    }
    void this.syncAll();
  }

  /** template_category_update: a completed change (previous → new) or one Meta announces (correct category, when). */
  async applyCategory(u: {
    wabaId: string;
    templateId: string;
    name: string;
    language: string;
    previousCategory?: string;
    newCategory?: string;
    correctCategory?: string;
    effectiveAt?: number;
  }): Promise<void> {
    await this.afterRunningSync();
    const found = await this.find(u);
    if (!found) return;
    if (u.newCategory) {
      await updateRecord(this.deps.pb, 'templates', found.id, {
        category: u.newCategory,
        history: withHistory(found, {
          kind: 'category',
          from: u.previousCategory || found.category,
          to: u.newCategory,
        }),
      });
    } else if (u.correctCategory) {
      const when = u.effectiveAt ? ` from ${new Date(u.effectiveAt * 1000).toISOString().slice(0, 10)}` : '';
      await updateRecord(this.deps.pb, 'templates', found.id, {
        history: withHistory(found, {
          kind: 'category',
          from: found.category,
          to: u.correctCategory,
          detail: `Meta will change the category${when}`,
        }),
      });
    }
  }

  /** message_template_components_update: the stored components follow Meta's text, with a history entry. */
  async applyComponents(u: {
    wabaId: string;
    templateId: string;
    name: string;
    language: string;
    raw: Record<string, unknown>;
  }): Promise<void> {
    await this.afterRunningSync();
    const found = await this.find(u);
    const next = found && applyComponentsUpdate(found.components as TplComponent[] | null, u.raw);
    if (!found || !next) return;
    const parts = changedParts(found.components as TplComponent[] | null, next);
    if (!parts.length) return; // a redelivery, or a sync already brought it
    await updateRecord(this.deps.pb, 'templates', found.id, {
      components: next,
      history: withHistory(found, { kind: 'edited', detail: `changed at Meta: ${parts.join(', ')}` }),
    });
  }

  private async find(u: { wabaId: string; name: string; language: string }): Promise<StudioTemplate | undefined> {
    const { pb } = this.deps;
    const found = await pb.collection('templates').getList<StudioTemplate>(1, 1, {
      filter: pb.filter('waba_id = {:w} && name = {:n} && language = {:l}', { w: u.wabaId, n: u.name, l: u.language }),
    });
    return found.items[0];
  }

  async applyQuality(u: { wabaId: string; name: string; language: string; newScore: string }): Promise<void> {
    await this.afterRunningSync();
    const found = await this.find(u);
    if (found && found.quality_score !== u.newScore) {
      await updateRecord(this.deps.pb, 'templates', found.id, {
        quality_score: u.newScore,
        history: withHistory(found, { kind: 'quality', from: found.quality_score || 'UNKNOWN', to: u.newScore }),
      });
    }
  }
}

/** What a sync read changed, written into the row's history (webhooks may have been missed). */
function changes(t: StudioTemplate, data: Record<string, unknown>): Record<string, unknown> {
  const entries: Array<Omit<HistoryEntry, 'at'>> = [];
  if (data.status !== t.status)
    entries.push({ kind: 'status', from: t.status, to: String(data.status), detail: 'read from Meta' });
  if (data.category && data.category !== t.category)
    entries.push({ kind: 'category', from: t.category, to: String(data.category) });
  if (data.quality_score && data.quality_score !== t.quality_score)
    entries.push({ kind: 'quality', from: t.quality_score || 'UNKNOWN', to: String(data.quality_score) });
  return entries.length ? { history: withHistory(t, ...entries) } : {};
}

function row(wabaId: string, t: GraphTemplate, now: string): Record<string, unknown> {
  const quality = typeof t.quality_score === 'string' ? t.quality_score : (t.quality_score?.score ?? '');
  return {
    waba_id: wabaId,
    meta_id: String(t.id),
    name: t.name,
    language: t.language,
    category: t.category ?? '',
    status: t.status,
    parameter_format: t.parameter_format ?? '',
    components: t.components ?? [],
    quality_score: quality,
    rejected_reason: t.rejected_reason && t.rejected_reason !== 'NONE' ? t.rejected_reason : '',
    synced_at: now,
  };
}
