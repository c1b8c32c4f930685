/** Who sees campaigns: the server's permission table (api/src/engine/policy/permissions.ts), asked for this user. */
import type { User } from '../../lib/types.ts';
import { userMay } from '../../../../api/src/engine/policy/permissions.ts';

type U = Pick<User, 'id' | 'role'> | null | undefined;

export const campaignsCan = {
  // TODO(campaigns merge): the campaigns branch adds the action; until then the role test mirrors contract B
  manage: (u: U) => !!u && userMay(u, 'template.write') && (u.role === 'admin' || u.role === 'manager'),
};
