/** Who sees campaigns: the server's permission table (api/src/engine/policy/permissions.ts), asked for this user. */
import type { User } from '../../lib/types.ts';
import { userMay } from '../../../../api/src/engine/policy/permissions.ts';

type U = Pick<User, 'id' | 'role'> | null | undefined;

export const campaignsCan = {
  /** the nav entry and the screens: the API answers these users */
  manage: (u: U) => userMay(u, 'campaign.read') && userMay(u, 'campaign.write'),
  /** the rate card: everyone who manages campaigns sees it (GET needs campaign.read); only these change it (PUT) */
  editRates: (u: U) => userMay(u, 'campaign.rates'),
};
