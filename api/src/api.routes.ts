/** Everything under /api: auth, health, the public v1 API and its OpenAPI document. */
import type { AppContext } from './lib/context.ts';
import { openApiApp } from './lib/openapi.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { requireAuth } from './modules/auth/auth.middleware.ts';
import { conversationsRoutes } from './modules/conversations/conversations.routes.ts';
import { healthRoutes } from './modules/health.routes.ts';
import { messagesRoutes } from './modules/messages/messages.routes.ts';
import type { TemplateSync } from './modules/templates/templates.sync.ts';
import { templatesRoutes } from './modules/templates/templates.routes.ts';
import { teamRoutes } from './modules/conversations/team.routes.ts';
import type { ContactsModule } from './modules/contacts/contacts.module.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { quickRepliesRoutes } from './modules/quick-replies/quick-replies.routes.ts';
import { pushRoutes, removeSubscription } from './modules/push/push.routes.ts';
import type { WebPushSender } from '../../realtime/src/push/web-push-sender.ts';

/** Notices only matter while the recipient's app is open; a day is plenty. */
async function purgeNotices(ctx: AppContext): Promise<void> {
  const old = await ctx.pb.collection('user_notices').getFullList<{ id: string }>({ filter: ctx.pb.filter('created < {:t}', { t: new Date(Date.now() - 86_400_000).toISOString().replace('T', ' ') }), fields: 'id' });
  for (const n of old) await ctx.pb.collection('user_notices').delete(n.id);
}

export function apiRoutes(ctx: AppContext, extra: { templates: TemplateSync; push: WebPushSender; contacts: ContactsModule }) {
  const auth = new AuthService(ctx.pbProcess.url);
  const api = openApiApp();
  api.route('/health', healthRoutes(ctx));
  api.route('/auth', authRoutes(auth, (userId, endpoint) => removeSubscription(ctx, userId, endpoint)));

  const v1 = openApiApp();
  v1.use('*', requireAuth(auth));
  v1.route('/', conversationsRoutes(ctx));
  const messages = messagesRoutes(ctx);
  v1.route('/', messages.app);
  v1.route('/', templatesRoutes(ctx, extra.templates));
  v1.route('/', teamRoutes(ctx));
  v1.route('/', extra.contacts.routes);
  v1.route('/', usersRoutes(ctx, (userId) => auth.forgetUser(userId)));
  v1.route('/', pushRoutes(ctx, extra.push, (userId) => auth.forgetUser(userId)));
  v1.route('/', quickRepliesRoutes(ctx));
  api.route('/v1', v1);

  const purge = setInterval(() => {
    void messages.idempotency.purgeExpired().catch(() => undefined);
    void purgeNotices(ctx).catch(() => undefined);
  }, 60 * 60 * 1000);
  purge.unref();

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', description: 'Token from POST /api/auth/login' });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Spunta API', version: '1', description: 'WhatsApp team inbox: conversations, messages, templates. Errors are always {"error":{"code","message","details"}}.' },
    servers: [{ url: '/api' }],
  });
  return api;
}
