import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponses, openApiApp, bearer } from '../../lib/openapi.ts';
import type { UserRecord } from '../../lib/records.ts';
import type { AuthService } from './auth.service.ts';
import { requireAuth } from './auth.middleware.ts';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'manager', 'operator', 'viewer']),
    see_unassigned: z.boolean(),
    language: z.string(),
  })
  .openapi('User');

export function publicUser(u: UserRecord): z.infer<typeof UserSchema> {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    see_unassigned: !!u.see_unassigned,
    language: u.language ?? '',
  };
}

const SessionSchema = z.object({ token: z.string(), user: UserSchema }).openapi('Session');

export function authRoutes(
  auth: AuthService,
  opts: { clientAddress: (c: Context) => string; onLogout?: (userId: string, pushEndpoint: string) => Promise<void> },
) {
  const { onLogout } = opts;
  const app = openApiApp();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/login',
      tags: ['auth'],
      summary: 'Sign in; the token is accepted as Authorization: Bearer',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ email: z.string().email(), password: z.string().min(1).max(200) }),
            },
          },
        },
      },
      responses: {
        200: { description: 'Signed in', content: { 'application/json': { schema: SessionSchema } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const { token, user } = await auth.login(email, password, opts.clientAddress(c));
      return c.json({ token, user: publicUser(user) }, 200);
    },
  );
  for (const path of ['/refresh', '/me', '/logout', '/logout-everywhere']) app.use(path, requireAuth(auth));
  app.openapi(
    createRoute({
      method: 'post',
      path: '/refresh',
      tags: ['auth'],
      security: bearer,
      summary: 'Exchange a valid token for a fresh one',
      responses: {
        200: { description: 'New token', content: { 'application/json': { schema: SessionSchema } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { token, user } = await auth.refresh(c.get('token'));
      return c.json({ token, user: publicUser(user) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['auth'],
      security: bearer,
      summary: 'The signed-in user',
      responses: {
        200: { description: 'User', content: { 'application/json': { schema: UserSchema } } },
        ...errorResponses,
      },
    }),
    (c) => c.json(publicUser(c.get('user')), 200),
  );
  // Signing out revokes this device's token and stops notifications on it when the client says which one it is.
  app.openapi(
    createRoute({
      method: 'post',
      path: '/logout',
      tags: ['auth'],
      security: bearer,
      summary: 'Sign out this device: its token (and the push subscription named) stop working at once',
      request: {
        body: {
          required: false,
          content: { 'application/json': { schema: z.object({ pushEndpoint: z.string().max(2000).optional() }) } },
        },
      },
      responses: {
        200: { description: 'Signed out', content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
      if (body.pushEndpoint && onLogout) await onLogout(c.get('user').id, body.pushEndpoint);
      await auth.logout(c.get('token'), c.get('user').id);
      return c.json({ ok: true }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/logout-everywhere',
      tags: ['auth'],
      security: bearer,
      summary: 'Sign out every device of yours: all your tokens stop working',
      responses: {
        200: {
          description: 'Signed out everywhere',
          content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      await auth.logoutEverywhere(c.get('user').id);
      return c.json({ ok: true }, 200);
    },
  );
  return app;
}
