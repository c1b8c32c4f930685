/** OpenAPIHono with our one error shape for validation failures. */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';

export function openApiApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        const first = issues[0];
        throw new AppError(
          'validation_failed',
          422,
          first ? `${first.path || 'body'}: ${first.message}` : 'Invalid request',
          issues,
        );
      }
    },
  });
}

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi('Error');

export const errorResponses = {
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Role not allowed', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found or not visible to you', content: { 'application/json': { schema: ErrorSchema } } },
  422: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const bearer = [{ bearerAuth: [] }];

/** A JSON response (or body) entry for createRoute. */
export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** `{id}` path parameter holding a PocketBase record id. */
export const recordIdParam = (what = 'record') =>
  z.object({
    id: z
      .string()
      .regex(/^[a-z0-9]{15}$/, `not a ${what} id`)
      .openapi({ param: { name: 'id', in: 'path' } }),
  });
