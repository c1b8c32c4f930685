/** Everything under /api: auth, health, the public v1 API and its OpenAPI document. */
import type { AppContext } from './lib/context.ts';
import { openApiApp } from './lib/openapi.ts';
import type { AuthService } from './modules/auth/auth.service.ts';
import { clientAddress } from './lib/client-address.ts';
import type { BackupService } from './modules/backups/backup.service.ts';
import { backupRoutes } from './modules/backups/backup.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { requireAuth } from './modules/auth/auth.middleware.ts';
import { conversationsRoutes } from './modules/conversations/conversations.routes.ts';
import { healthRoutes } from './modules/health.routes.ts';
import { messagesRoutes } from './modules/messages/messages.routes.ts';
import type { TemplateSync } from './modules/templates/templates.sync.ts';
import { templatesRoutes } from './modules/templates/templates.routes.ts';
import { teamRoutes } from './modules/conversations/team.routes.ts';
import type { Module } from './engine/module.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { deadLettersRoutes } from './modules/inbox/dead-letters.routes.ts';
import { pushRoutes, removeAllSubscriptions, removeSubscription } from './modules/push/push.routes.ts';
import { quickRepliesRoutes } from './modules/quick-replies/quick-replies.routes.ts';
import type { WebPushSender } from '../../realtime/src/push/web-push-sender.ts';

/** `modules` bring their own routes (the list wired in server.ts); the rest are plain route sets. */
export function apiRoutes(
  ctx: AppContext,
  extra: { templates: TemplateSync; push: WebPushSender; modules: Module[]; auth: AuthService; backups: BackupService },
) {
  const { auth } = extra;
  const api = openApiApp();
  api.route('/health', healthRoutes(ctx));
  api.route(
    '/auth',
    authRoutes(auth, {
      clientAddress: (c) => clientAddress(c, ctx.config.trustProxyHops),
      onLogout: (userId, endpoint) => removeSubscription(ctx, userId, endpoint),
    }),
  );

  const v1 = openApiApp();
  v1.use('*', requireAuth(auth));
  v1.route('/', conversationsRoutes(ctx));
  const messages = messagesRoutes(ctx);
  v1.route('/', messages.app);
  v1.route('/', templatesRoutes(ctx, extra.templates));
  v1.route('/', teamRoutes(ctx));
  for (const m of extra.modules) if (m.routes) v1.route('/', m.routes);
  v1.route(
    '/',
    usersRoutes(ctx, async (userId, patch) => {
      auth.forgetUser(userId);
      // A deactivated member's devices stop: no more notifications, every token void.
      if (patch.active === false) {
        await removeAllSubscriptions(ctx, userId);
        await auth.logoutEverywhere(userId);
      }
    }),
  );
  v1.route(
    '/',
    pushRoutes(ctx, extra.push, (userId) => auth.forgetUser(userId)),
  );
  v1.route('/', deadLettersRoutes(ctx));
  v1.route('/', backupRoutes(extra.backups));
  v1.route('/', quickRepliesRoutes(ctx));
  api.route('/v1', v1);

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'Token from POST /api/auth/login',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Spunta API',
      version: '1',
      description:
        'WhatsApp team inbox: conversations, messages, templates. Errors are always {"error":{"code","message","details"}}.',
    },
    servers: [{ url: '/api' }],
  });
  return api;
}
