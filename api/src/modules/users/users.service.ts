/** Team members: admins create them, change roles and deactivate; everyone can list active teammates. */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../lib/context.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { isNotFound, isUniqueViolation } from '../../lib/pb.ts';
import type { Role, UserRecord } from '../../lib/records.ts';
import type { Locale } from '../../../../web/src/i18n/locales.ts';
import { assertMay, may, principalOf } from '../../engine/policy/policy.ts';
import { updateRecord } from '../../lib/record-update.ts';

export interface UserPatch {
  name?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  see_unassigned?: boolean | undefined;
  language?: Locale | '' | undefined;
}

export const toPublic = (u: UserRecord) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: !!u.active,
  see_unassigned: !!u.see_unassigned,
  language: u.language ?? '',
});

export class UsersService {
  constructor(
    private readonly ctx: AppContext,
    private readonly onChanged: (userId: string, patch: UserPatch) => void | Promise<void>,
  ) {}

  async list(actor: UserRecord) {
    const filter = may(principalOf(actor), 'users.manage') ? '' : 'active = true';
    const items = await this.ctx.pb.collection('users').getFullList<UserRecord>({ filter, sort: 'name,email' });
    return items.map((u) => {
      const p = toPublic(u);
      // Only admins and the user themself see e-mail addresses.
      return may(principalOf(actor), 'users.manage') || u.id === actor.id ? p : { ...p, email: '' };
    });
  }

  async create(
    actor: UserRecord,
    input: {
      email: string;
      name: string;
      role: Role;
      password?: string | undefined;
      see_unassigned?: boolean | undefined;
    },
  ) {
    assertMay(actor, 'users.manage');
    const password = input.password ?? randomBytes(9).toString('base64url');
    try {
      const u = await this.ctx.pb.collection('users').create<UserRecord>({
        email: input.email,
        name: input.name,
        role: input.role,
        password,
        passwordConfirm: password,
        active: true,
        see_unassigned: input.see_unassigned ?? input.role !== 'operator',
        verified: true,
      });
      return { user: toPublic(u), password: input.password ? undefined : password };
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('email_taken', 409, `A user with e-mail ${input.email} already exists`);
      throw err;
    }
  }

  async update(actor: UserRecord, id: string, patch: UserPatch) {
    const self = id === actor.id;
    if (
      !may(principalOf(actor), 'users.manage') &&
      !(self && patch.role === undefined && patch.active === undefined && patch.see_unassigned === undefined)
    ) {
      throw forbidden('Only admins manage users');
    }
    let target: UserRecord;
    try {
      target = await this.ctx.pb.collection('users').getOne<UserRecord>(id);
    } catch (err) {
      if (isNotFound(err)) throw notFound('User');
      throw err;
    }
    const losesAdmin = target.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.active === false);
    if (losesAdmin) {
      const admins = await this.ctx.pb.collection('users').getList(1, 1, { filter: "role = 'admin' && active = true" });
      if (admins.totalItems <= 1)
        throw new AppError('last_admin', 422, 'There must always be at least one active admin');
    }
    const data = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const updated = await updateRecord<UserRecord>(this.ctx.pb, 'users', id, data);
    await this.onChanged(id, patch);
    return toPublic(updated);
  }
}
