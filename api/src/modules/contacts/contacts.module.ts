/**
 * The contacts CRM assembled: services, the job runner and its job types, consent automation (a
 * consumer of domain events) and the routes (static paths such as /contacts/export before
 * /contacts/{id}). server.ts starts it after the HTTP server is up and stops it on close.
 */
import type { AppContext } from '../../lib/context.ts';
import type { Module } from '../../engine/module.ts';
import { openApiApp } from '../../lib/openapi.ts';
import type { BulkActionT } from './contacts.schema.ts';
import type { UserRecord } from '../../lib/records.ts';
import { JobRunner } from '../jobs/jobs.runner.ts';
import { SettingsStore } from '../settings/settings.store.ts';
import { settingsRoutes } from '../settings/settings.routes.ts';
import { BulkService } from './bulk.ts';
import { ConsentAutomation } from './consent.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { ContactsService } from './contacts.service.ts';
import { bulkDispatcher, extrasRoutes, Views } from './extras.routes.ts';
import { CsvImportJob } from './import/csv-import.job.ts';
import { importRoutes } from './import/import.routes.ts';
import { taxonomyRoutes } from './taxonomy.routes.ts';

export interface ContactsModule extends Module {
  contacts: ContactsService;
  bulk: BulkService;
  runner: JobRunner;
  importer: CsvImportJob;
  consent: ConsentAutomation;
  settings: SettingsStore;
  routes: ReturnType<typeof openApiApp>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createContactsModule(ctx: AppContext): ContactsModule {
  const defs = ctx.fieldDefs;
  const contacts = new ContactsService(ctx, defs);
  const settings = new SettingsStore(ctx.pb);
  const runner = new JobRunner({ pb: ctx.pb, log: ctx.log, dataDir: ctx.config.dataDir });
  const bulk = new BulkService(ctx, contacts);
  const importer = new CsvImportJob(ctx, contacts);
  const consent = new ConsentAutomation(ctx, contacts, settings);
  const userPb = (token: string) => contacts.userPb(token);

  runner.register('contacts_import', importer);
  runner.register('contacts_bulk', {
    async run(job, ctl) {
      const p = job.params as { action: BulkActionT; user: string };
      const user = await ctx.pb.collection('users').getOne<UserRecord>(p.user);
      return bulk.run(
        user,
        ctx.pb,
        p.action,
        (d, t) => ctl.progress(d, t),
        () => ctl.cancelled,
      );
    },
  });

  const dispatch = bulkDispatcher({ bulk, runner, userPb });
  const views = new Views(ctx, userPb);
  const routes = openApiApp();
  routes.route('/', importRoutes(ctx, { contacts, runner, importer, views }));
  routes.route('/', extrasRoutes(ctx, { dispatch, runner, userPb }));
  routes.route(
    '/',
    taxonomyRoutes(ctx, {
      contacts,
      defs,
      membersBulk: (c, action, list, sel) =>
        dispatch(c, {
          action,
          list,
          ...(sel.ids ? { ids: sel.ids } : {}),
          ...(sel.filter ? { filter: sel.filter } : {}),
        } as BulkActionT),
    }),
  );
  routes.route('/', contactsRoutes(ctx, contacts, views));
  routes.route('/', settingsRoutes(ctx, settings));

  // the consent consumer's last_contacted write-behind also drains when no further event comes
  let drain: NodeJS.Timeout | undefined;
  const mod: ContactsModule = {
    name: 'contacts',
    contacts,
    bulk,
    runner,
    importer,
    consent,
    settings,
    routes,
    consumers: [consent],
    async start() {
      drain = setInterval(
        () =>
          void consent.idle().catch((err) => ctx.log.warn('last_contacted write-behind failed', { err: String(err) })),
        2000,
      );
      drain.unref();
      await runner.recover();
      await runner.purge().catch((err) => ctx.log.warn('could not purge old job files', { err: String(err) }));
    },
    async stop() {
      clearInterval(drain);
      await consent.idle();
      await runner.stop();
    },
    idle: () => consent.idle(),
  };
  return mod;
}
