import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../lib/context.ts';
import { forbidden, unauthorized } from '../../lib/errors.ts';
import type { Role } from '../../lib/records.ts';
import type { AuthService } from './auth.service.ts';

export function requireAuth(auth: AuthService) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) throw unauthorized('Missing Authorization: Bearer <token>');
    const token = m[1]!.trim();
    c.set('user', await auth.verify(token));
    c.set('token', token);
    await next();
  });
}

export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!roles.includes(user.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    await next();
  });
}
