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

export const TEMPLATE_SYNC = 'templates.sync';

export class TemplateSync {
  private running: Promise<number> | undefined;

  constructor(private readonly deps: { pb: PocketBase; graph: GraphClient; log: Logger; wabaIds: () => Promise<string[]> }) {}

  /** Registers the periodic sync; it runs now and then every `everyMinutes` (one row, whichever worker). */
  async start(scheduler: Scheduler, everyMinutes: number): Promise<void> {
    scheduler.register(TEMPLATE_SYNC, { concurrency: 1, maxAttempts: 1, leaseMs: 5 * 60_000, handler: async () => void (await this.syncAll()) });
    await scheduler.recurring(TEMPLATE_SYNC, { everyMs: everyMinutes * 60_000 }, { runNow: true, principal: 'system:templates' });
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
    const local = await pb.collection('templates').getFullList<TemplateRecord>({ filter: pb.filter('waba_id = {:w}', { w: wabaId }) });
    const byKey = new Map(local.map((t) => [`${t.name}|${t.language}`, t]));
    const now = pbDate(Date.now());
    for (const t of remote) {
      const data = row(wabaId, t, now);
      const existing = byKey.get(`${t.name}|${t.language}`);
      byKey.delete(`${t.name}|${t.language}`);
      if (existing) await pb.collection('templates').update(existing.id, data);
      else await pb.collection('templates').create(data);
    }
    for (const gone of byKey.values()) {
      if (gone.status !== 'DELETED') await pb.collection('templates').update(gone.id, { status: 'DELETED', synced_at: now });
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

  async applyStatus(u: { wabaId: string; templateId: string; name: string; language: string; event: string; reason?: string; category?: string }): Promise<void> {
    const { pb } = this.deps;
    await this.afterRunningSync();
    const found = await pb.collection('templates').getList<TemplateRecord>(1, 1, {
      filter: pb.filter('waba_id = {:w} && name = {:n} && language = {:l}', { w: u.wabaId, n: u.name, l: u.language }),
    });
    const data = {
      waba_id: u.wabaId, meta_id: u.templateId, name: u.name, language: u.language, status: u.event,
      rejected_reason: u.reason && u.reason !== 'NONE' ? u.reason : '', ...(u.category ? { category: u.category } : {}),
    };
    if (found.items[0]) await pb.collection('templates').update(found.items[0].id, data);
    else await pb.collection('templates').create(data);
    void this.syncAll();
  }

  async applyQuality(u: { wabaId: string; name: string; language: string; newScore: string }): Promise<void> {
    const { pb } = this.deps;
    await this.afterRunningSync();
    const found = await pb.collection('templates').getList<TemplateRecord>(1, 1, {
      filter: pb.filter('waba_id = {:w} && name = {:n} && language = {:l}', { w: u.wabaId, n: u.name, l: u.language }),
    });
    if (found.items[0]) await pb.collection('templates').update(found.items[0].id, { quality_score: u.newScore });
  }
}

function row(wabaId: string, t: GraphTemplate, now: string): Record<string, unknown> {
  const quality = typeof t.quality_score === 'string' ? t.quality_score : t.quality_score?.score ?? '';
  return {
    waba_id: wabaId, meta_id: String(t.id), name: t.name, language: t.language, category: t.category ?? '', status: t.status,
    parameter_format: t.parameter_format ?? '', components: t.components ?? [], quality_score: quality,
    rejected_reason: t.rejected_reason && t.rejected_reason !== 'NONE' ? t.rejected_reason : '', synced_at: now,
  };
}
