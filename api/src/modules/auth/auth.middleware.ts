import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../lib/context.ts';
import { unauthorized } from '../../lib/errors.ts';
import type { AuthService } from './auth.service.ts';
import { userPrincipal } from '../../engine/policy/permissions.ts';

export function requireAuth(auth: AuthService) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) throw unauthorized('Missing Authorization: Bearer <token>');
    const token = m[1]!.trim();
    const user = await auth.verify(token);
    c.set('user', user);
    c.set('principal', userPrincipal(user));
    c.set('token', token);
    await next();
  });
}
