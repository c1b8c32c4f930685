/** Who sees automations: the server's permission table (api/src/engine/policy/permissions.ts), asked for this user. */
import type { User } from '../../lib/types.ts';
import { userMay } from '../../../../api/src/engine/policy/permissions.ts';

type U = Pick<User, 'id' | 'role'> | null | undefined;

export const automationsCan = {
  /** the nav entry and the screens: the API answers these users (admins and managers) */
  manage: (u: U) => userMay(u, 'automation.read') && userMay(u, 'automation.write'),
};
