import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../lib/context.ts';
import { bearer, errorResponses, json, openApiApp } from '../../lib/openapi.ts';
import { LOCALES } from '../../../../web/src/i18n/locales.ts';
import { UsersService, type UserPatch } from './users.service.ts';

const Role = z.enum(['admin', 'manager', 'operator', 'viewer']);
const TeamMember = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    active: z.boolean(),
    see_unassigned: z.boolean(),
    language: z.string(),
  })
  .openapi('TeamMember');

export function usersRoutes(ctx: AppContext, onChanged: (userId: string, patch: UserPatch) => void | Promise<void>) {
  const svc = new UsersService(ctx, onChanged);
  const app = openApiApp();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['users'],
      security: bearer,
      summary: 'Team members (admins also see deactivated ones)',
      responses: { 200: json(z.object({ items: z.array(TeamMember) }), 'Team'), ...errorResponses },
    }),
    async (c) => c.json({ items: await svc.list(c.get('user')) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['users'],
      security: bearer,
      summary: 'Create a team member (admin). Without a password one is generated and returned once.',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                email: z.string().email(),
                name: z.string().min(1).max(100),
                role: Role,
                password: z.string().min(10).max(200).optional(),
                see_unassigned: z.boolean().optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: json(z.object({ user: TeamMember, password: z.string().optional() }), 'Created'),
        409: json(z.unknown(), 'E-mail taken'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await svc.create(c.get('user'), c.req.valid('json')), 201),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      tags: ['users'],
      security: bearer,
      summary: 'Change name, role, activation or unassigned-chat access (admin; users may rename themselves)',
      request: {
        params: z.object({
          id: z
            .string()
            .regex(/^[a-z0-9]{15}$/)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().min(1).max(100).optional(),
                role: Role.optional(),
                active: z.boolean().optional(),
                see_unassigned: z.boolean().optional(),
                language: z.enum(['', ...LOCALES]).optional(),
              }),
            },
          },
        },
      },
      responses: { 200: json(TeamMember, 'Updated'), ...errorResponses },
    }),
    async (c) => c.json(await svc.update(c.get('user'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return app;
}
