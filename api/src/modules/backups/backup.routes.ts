/** Backups from Settings (admins): list, take one now, download one. Restoring is a command with Spunta stopped. */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { isLocalRequest } from '../../lib/client-address.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { bearer, errorResponses, json, openApiApp } from '../../lib/openapi.ts';
import type { BackupService } from './backup.service.ts';
import { assertMay } from '../../engine/policy/policy.ts';

const Backup = z.object({ name: z.string(), size: z.number(), created: z.string() }).openapi('Backup');

export function backupRoutes(backups: BackupService) {
  const app = openApiApp();
  app.use('/backups/*', async (c, next) => {
    assertMay(c.get('user'), c.req.method === 'GET' ? 'backups.read' : 'backups.write');
    await next();
  });
  app.use('/backups', async (c, next) => {
    assertMay(c.get('user'), c.req.method === 'GET' ? 'backups.read' : 'backups.write');
    await next();
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/backups',
      tags: ['backups'],
      security: bearer,
      summary: 'Backups kept on the server, newest first (admin)',
      responses: { 200: json(z.object({ items: z.array(Backup), dir: z.string() }), 'Backups'), ...errorResponses },
    }),
    (c) => c.json({ items: backups.list(), dir: backups.dir }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/backups',
      tags: ['backups'],
      security: bearer,
      summary: 'Take a consistent backup of all data now (admin)',
      responses: { 201: json(Backup, 'Written'), ...errorResponses },
    }),
    async (c) => c.json(await backups.create(), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/backups/{name}',
      tags: ['backups'],
      security: bearer,
      summary: 'Download a backup (admin)',
      request: {
        params: z.object({
          name: z
            .string()
            .max(100)
            .openapi({ param: { name: 'name', in: 'path' } }),
        }),
      },
      responses: {
        200: { description: 'The .tar.gz', content: { 'application/gzip': { schema: z.any() } } },
        ...errorResponses,
      },
    }),
    (c) => {
      const name = c.req.valid('param').name;
      const file = backups.file(name);
      if (!file) throw notFound('Backup');
      const body = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream;
      return c.body(body, 200, {
        'content-type': 'application/gzip',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      });
    },
  );
  return app;
}

/**
 * `npm run backup` while Spunta runs: only a process on this machine that can read DATA_DIR (where the
 * key is) may ask — the same trust as reading the data directly.
 */
export function localBackupRoute(backups: BackupService, controlKey: string) {
  const app = new Hono();
  app.post('/', async (c) => {
    const given = Buffer.from(c.req.header('x-spunta-control-key') ?? '');
    const ok =
      isLocalRequest(c) && given.length === controlKey.length && timingSafeEqual(given, Buffer.from(controlKey));
    if (!ok) throw new AppError('forbidden', 403, 'Local control key required');
    return c.json(await backups.create(), 201);
  });
  return app;
}
