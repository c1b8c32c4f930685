/**
 * The server side of the policy: the permission table (permissions.ts, shared with the web) applied to
 * routes and services. Routes use `requirePermission(action)`; services call `assertMay` for decisions
 * that depend on the resource (an operator's own chats, an author's own quick replies).
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../lib/context.ts';
import { forbidden } from '../../lib/errors.ts';
import type { UserRecord } from '../../lib/records.ts';
import {
  may,
  refusal,
  userPrincipal,
  type Action,
  type Principal,
  type PolicyUser,
  type Resource,
} from './permissions.ts';

export { may, systemPrincipal, userPrincipal, type Action, type Principal, type Resource } from './permissions.ts';

/** A signed-in user (as the API holds them) or an already built principal. */
export type Actor = Principal | PolicyUser | UserRecord;

export function principalOf(a: Actor): Principal {
  return 'kind' in a ? a : userPrincipal(a);
}

/** Throws 403 (the one error shape) unless the actor may do the action. */
export function assertMay(actor: Actor, action: Action, resource?: Resource, message?: string): void {
  if (!may(principalOf(actor), action, resource)) throw forbidden(message ?? refusal(action));
}

/** Route middleware: the signed-in principal must be allowed the action (resource-free decisions only). */
export function requirePermission(action: Action) {
  return createMiddleware<AppEnv>(async (c, next) => {
    assertMay(c.get('principal') ?? c.get('user'), action);
    await next();
  });
}

/** The chat fields the policy needs. */
export const chatResource = (c: { assignee: string }, target?: string | null): Resource => ({
  kind: 'conversation',
  assignee: c.assignee ?? '',
  ...(target !== undefined ? { target } : {}),
});
