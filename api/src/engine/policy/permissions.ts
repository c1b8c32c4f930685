/**
 * Who may do what: the one permission table, shared by the API (routes, services, the outbound
 * service) and the web (`can` in web/src/stores/session.ts), so the two cannot drift. Pure: no I/O,
 * no Node or browser imports. PocketBase's collection rules (pb_migrations/*_rules.js) are the
 * store-level twin of the conversation rules below and must say the same thing.
 *
 * A decision has two layers: the role (or API-key scope) grants the action at all, and for a few
 * actions the resource narrows it (an operator's own chats, an author's own quick replies).
 */
import type { Role } from '../../lib/records.ts';

export type { Role };

export const ROLES: readonly Role[] = ['admin', 'manager', 'operator', 'viewer'];

/** The part of a user the policy looks at (the web's User and the API's UserRecord both fit). */
export interface PolicyUser {
  id: string;
  role: Role;
  see_unassigned?: boolean | undefined;
}

/**
 * Who acts. API keys (a later issue) carry scopes: action names, `domain.*` or `*`. System principals
 * are the server acting on its own behalf (consent replies, out-of-hours replies, automations).
 */
export type Principal =
  | { kind: 'user'; user: PolicyUser }
  | { kind: 'apiKey'; id: string; scopes: readonly string[] }
  | { kind: 'system'; name: string; id?: string };

export const userPrincipal = (user: PolicyUser): Principal => ({ kind: 'user', user });
export const systemPrincipal = (name: string, id?: string): Principal => ({
  kind: 'system',
  name,
  ...(id ? { id } : {}),
});

/** A chat as the policy sees it; `target` is the new assignee for conversation.assign ('' = unassign). */
export interface ConversationResource {
  kind: 'conversation';
  assignee: string;
  target?: string | null;
}
/** Something with an author/owner (quick replies, saved views). */
export interface OwnedResource {
  kind: 'owned';
  owner: string;
}
export type Resource = ConversationResource | OwnedResource;

const ALL = ['admin', 'manager', 'operator', 'viewer'] as const;
/** the people who work chats: everyone but viewers */
const STAFF = ['admin', 'manager', 'operator'] as const;
const LEADS = ['admin', 'manager'] as const;
const ADMIN = ['admin'] as const;

type Scope =
  /** granted by role alone */
  | 'role'
  /** the role grants it for chats the user may see (operators: their own, and unassigned ones when allowed) */
  | 'visible_chat'
  /** the role grants it on things the user owns; `anyAction` grants it on everyone's */
  | 'own';

interface Rule {
  roles: readonly Role[];
  /** what the forbidden message says the caller may not do */
  what: string;
  scope?: Scope;
  /** for scope 'own': the action that allows it on anything */
  anyAction?: string;
  /** never for API keys, whatever their scopes (people administration, backups, presence) */
  humanOnly?: boolean;
}

/** Every action the product knows, with who may do it. Add new actions here (and the role × action test). */
export const RULES = {
  'conversation.read': { roles: ALL, what: 'read this chat', scope: 'visible_chat' },
  'conversation.reply': { roles: STAFF, what: 'write in this chat', scope: 'visible_chat' },
  'conversation.note': { roles: STAFF, what: 'write notes in this chat', scope: 'visible_chat' },
  'conversation.close': { roles: STAFF, what: 'close or reopen this chat', scope: 'visible_chat' },
  /** operators: take a chat for themselves or hand back their own (see assignOk) */
  'conversation.assign': { roles: STAFF, what: 'assign this chat', scope: 'visible_chat' },
  'conversation.assign_others': { roles: LEADS, what: 'assign chats to others' },
  'conversation.mark_read': { roles: STAFF, what: 'mark chats read' },
  /** who can hold chats (be an assignee) */
  'conversation.be_assigned': { roles: STAFF, what: 'be assigned chats' },
  'message.send': { roles: STAFF, what: 'send messages' },
  'message.retry': { roles: STAFF, what: 'send messages again' },
  'media.upload': { roles: STAFF, what: 'send media' },
  'presence.typing': { roles: STAFF, what: 'write in a chat', humanOnly: true },
  'contact.read': { roles: ALL, what: 'read contacts' },
  'contact.create': { roles: LEADS, what: 'create contacts' },
  'contact.write': { roles: STAFF, what: 'edit contacts' },
  /** soft delete / restore / block of one contact */
  'contact.delete': { roles: STAFF, what: 'delete, restore or block contacts' },
  'contact.consent': { roles: STAFF, what: 'change consent' },
  'contact.bulk': { roles: STAFF, what: 'run bulk actions' },
  /** bulk over more than the operator limit */
  'contact.bulk_large': { roles: LEADS, what: 'change this many contacts at once' },
  'contact.bulk_delete': { roles: LEADS, what: 'bulk delete and restore' },
  'contact.import': { roles: LEADS, what: 'import contacts' },
  'contact.export': { roles: LEADS, what: 'export contacts' },
  'contact.taxonomy': { roles: LEADS, what: 'manage tags and lists' },
  'contact.fields': { roles: LEADS, what: 'define fields' },
  'contact_view.share': { roles: LEADS, what: 'share views' },
  'contact_view.write': { roles: ALL, what: 'change this view', scope: 'own', anyAction: 'contact_view.write_any' },
  'contact_view.write_any': { roles: ADMIN, what: "change others' views" },
  'jobs.cancel': { roles: STAFF, what: 'cancel jobs' },
  'template.read': { roles: ALL, what: 'read templates' },
  'template.write': { roles: LEADS, what: 'manage templates' },
  'quick_reply.write': {
    roles: STAFF,
    what: 'change this quick reply',
    scope: 'own',
    anyAction: 'quick_reply.write_any',
  },
  'quick_reply.write_any': { roles: LEADS, what: "change others' quick replies" },
  'settings.read': { roles: LEADS, what: 'read settings' },
  'settings.write': { roles: ADMIN, what: 'change settings' },
  'business_hours.read': { roles: ALL, what: 'read business hours' },
  'business_hours.write': { roles: ADMIN, what: 'change business hours' },
  'users.read': { roles: ALL, what: 'list the team' },
  /** create, change, deactivate users; see inactive ones and everyone's e-mail */
  'users.manage': { roles: ADMIN, what: 'manage users', humanOnly: true },
  'numbers.read': { roles: ALL, what: 'list WhatsApp numbers' },
  'numbers.write': { roles: ADMIN, what: 'manage WhatsApp numbers' },
  'numbers.throughput': { roles: ADMIN, what: "set a number's send throughput (messages per second)" },
  'numbers.setup': { roles: ADMIN, what: 'see the setup checklist' },
  'backups.read': { roles: ADMIN, what: 'list backups', humanOnly: true },
  'backups.write': { roles: ADMIN, what: 'manage backups', humanOnly: true },
  'campaign.read': { roles: LEADS, what: 'see campaigns' },
  /** create, edit, start, pause, resume, cancel, duplicate, delete, test-send */
  'campaign.write': { roles: LEADS, what: 'manage campaigns' },
  /** the price table the cost estimates use */
  'campaign.rates': { roles: ADMIN, what: 'change campaign rates' },
  'automation.read': { roles: LEADS, what: 'see automations and their reports' },
  /** create, edit, activate, pause, duplicate, delete, simulate, start by API, take contacts out */
  'automation.write': { roles: LEADS, what: 'manage automations' },
  /** the dashboard: number health, monthly report, message charts, everyone's performance */
  'analytics.read': { roles: LEADS, what: 'see reports and analytics' },
  /** an operator's own performance row */
  'analytics.own': { roles: STAFF, what: 'see your performance' },
  'alerts.read': { roles: LEADS, what: 'see alerts' },
  /** ask Meta for a number's standing now (quality, status, tier, throughput) */
  'numbers.refresh': { roles: LEADS, what: 'refresh the number status' },
  'dead_letters.read': { roles: ADMIN, what: 'read dead letters' },
  'dead_letters.write': { roles: ADMIN, what: 'replay or discard dead letters' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

const rule = (a: Action): Rule => RULES[a] as Rule;

/** An operator sees chats assigned to them, and unassigned ones when the admin allows it. */
function seesChat(u: PolicyUser, c: ConversationResource): boolean {
  if (u.role !== 'operator') return true;
  return c.assignee === u.id || (c.assignee === '' && !!u.see_unassigned);
}

/** Operators take a chat for themselves or hand back their own; assigning others is a lead's job. */
function assignOk(u: PolicyUser, c: ConversationResource): boolean {
  if (c.target === undefined || roleGrants(u.role, 'conversation.assign_others')) return true;
  const target = c.target ?? '';
  return target === u.id || (target === '' && c.assignee === u.id);
}

const roleGrants = (role: Role, a: Action): boolean => rule(a).roles.includes(role);

function scopeGrants(scopes: readonly string[], a: Action): boolean {
  const domain = a.slice(0, a.indexOf('.'));
  return scopes.includes('*') || scopes.includes(a) || scopes.includes(`${domain}.*`);
}

/** May this principal do this action (on this resource)? */
export function may(p: Principal | null | undefined, action: Action, resource?: Resource): boolean {
  if (!p) return false;
  const r = rule(action);
  if (p.kind === 'system') return true;
  if (p.kind === 'apiKey') {
    if (r.humanOnly) return false;
    if (r.scope === 'own' && resource?.kind === 'owned') return scopeGrants(p.scopes, r.anyAction as Action);
    return scopeGrants(p.scopes, action);
  }
  const u = p.user;
  if (r.scope === 'own' && resource?.kind === 'owned') {
    return (roleGrants(u.role, action) && resource.owner === u.id) || roleGrants(u.role, r.anyAction as Action);
  }
  if (!roleGrants(u.role, action)) return false;
  if (r.scope === 'visible_chat' && resource?.kind === 'conversation') {
    if (!seesChat(u, resource)) return false;
    if (action === 'conversation.assign') return assignOk(u, resource);
  }
  return true;
}

/** The sentence a refusal carries. */
export function refusal(action: Action): string {
  return `You are not allowed to ${rule(action).what}`;
}

/** The web's and the API's short name for a user check: may(user(u), …). */
export function userMay(u: PolicyUser | null | undefined, action: Action, resource?: Resource): boolean {
  return !!u && may(userPrincipal(u), action, resource);
}
