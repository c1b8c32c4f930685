/**
 * Campaigns assembled: the recipient store, the statistics consumer, the engine's scheduler kinds and the
 * routes. A recurring campaign whose occurrence is over waits for its next run (already on the scheduler).
 */
import type { AppContext } from '../../lib/context.ts';
import type { Module } from '../../engine/module.ts';
import { CampaignEngine, type EngineOptions } from './campaign-engine.ts';
import { CampaignStats } from './campaign-stats.ts';
import { campaignsRoutes } from './campaigns.routes.ts';
import { CampaignsService } from './campaigns.service.ts';
import { RecipientStore } from './recipient-store.ts';

export interface CampaignsModule extends Module {
  service: CampaignsService;
  stats: CampaignStats;
}

export function createCampaignsModule(ctx: AppContext, opts: EngineOptions = {}): CampaignsModule {
  const recipients = new RecipientStore(ctx.pb);
  const defs = ctx.fieldDefs;
  const stats = new CampaignStats(ctx, recipients);
  const engine = new CampaignEngine(ctx, { recipients, defs, stats }, opts);
  const service = new CampaignsService(ctx, { defs, recipients, engine, stats });
  return {
    name: 'campaigns',
    service,
    stats,
    routes: campaignsRoutes(service),
    consumers: [stats],
    async start() {
      engine.register();
    },
    async stop() {
      stats.stop();
    },
    idle: () => stats.idle(),
  };
}
