/** The WhatsApp numbers settings and the admin's checklist, assembled from the shared services. */
import type { AppContext } from '../../lib/context.ts';
import type { NumberDirectory } from '../channels/whatsapp/number-directory.ts';
import { MessagesService } from '../messages/messages.service.ts';
import type { SettingsStore } from '../settings/settings.store.ts';
import type { TemplateSync } from '../templates/templates.sync.ts';
import { numbersRoutes } from './numbers.routes.ts';
import { NumbersService } from './numbers.service.ts';
import { SetupChecklist } from './setup-checklist.ts';

export function createNumbersModule(
  ctx: AppContext,
  deps: { directory: NumberDirectory; templates: TemplateSync; settings: SettingsStore },
) {
  const numbers = new NumbersService({
    ctx,
    directory: deps.directory,
    templates: deps.templates,
    messages: new MessagesService(ctx),
  });
  const checklist = new SetupChecklist(ctx, deps.settings);
  return {
    numbers,
    checklist,
    routes: numbersRoutes({
      numbers,
      checklist,
      publicUrl: ctx.config.publicUrl,
      sandbox: ctx.config.whatsapp.mode === 'sandbox',
    }),
  };
}
