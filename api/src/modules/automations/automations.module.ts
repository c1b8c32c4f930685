/**
 * Automations assembled: the store, the runner's scheduler kinds, the triggers (a consumer of domain
 * events), the service and the routes. Out-of-hours replies stay silent when an automation answered
 * the message (its answered-check hook).
 */
import type { Module } from '../../engine/module.ts';
import type { AppContext } from '../../lib/context.ts';
import type { ContactsService } from '../contacts/contacts.service.ts';
import type { CalendarModule } from '../out-of-hours/out-of-hours.module.ts';
import { DateTriggers } from './automation-dates.ts';
import { AutomationRunner } from './automation-runner.ts';
import { AutomationStore } from './automation-store.ts';
import { AutomationTriggers } from './automation-triggers.ts';
import { automationsRoutes } from './automations.routes.ts';
import { inboundRoutes } from './inbound.routes.ts';
import { AutomationsService } from './automations.service.ts';

export interface AutomationsModule extends Module {
  service: AutomationsService;
  /** mounted at /webhooks, outside sign-in: the inbound integration by URL and key */
  inbound: ReturnType<typeof inboundRoutes>;
}

export function createAutomationsModule(
  ctx: AppContext,
  deps: { calendar: CalendarModule; contacts: ContactsService },
): AutomationsModule {
  const { calendar, contacts } = deps;
  const store = new AutomationStore(ctx.pb);
  let service: AutomationsService | undefined;
  const runner = new AutomationRunner(ctx, store, calendar.hours, contacts, (id, perMinute) =>
    service!.breaker(id, perMinute),
  );
  service = new AutomationsService(ctx, store, runner, contacts);
  const triggers = new AutomationTriggers(ctx, store, runner, calendar.hours);
  const dates = new DateTriggers(ctx, store, runner);
  // the built-in out-of-hours reply is not sent when an automation started on that very message
  calendar.outOfHours.addAnsweredCheck(async (m) => {
    const r = await ctx.pb.collection('automation_runs').getList(1, 1, {
      filter: ctx.pb.filter('message = {:m}', { m: m.messageId }),
      fields: 'id',
      skipTotal: true,
    });
    return r.items.length > 0;
  });
  return {
    name: 'automations',
    service,
    routes: automationsRoutes(ctx, service, { runner }),
    inbound: inboundRoutes(service),
    consumers: [triggers],
    async start() {
      runner.register();
      await dates.register();
    },
  };
}
