/** What may be done to a campaign in each state: the server's own state machine (campaign-rules.ts ALLOWED). */
import { allows } from '../../../../api/src/modules/campaigns/campaign-rules.ts';
import type { CampaignAction } from './campaigns.api.ts';
import type { Campaign } from './campaigns.types.ts';

export type Act = CampaignAction | 'delete';

export function actionsFor(c: Pick<Campaign, 'state'>): { edit: boolean; acts: Act[] } {
  const acts: Act[] = (['pause', 'resume', 'cancel'] as const).filter((a) => allows(c.state, a));
  // a copy can be made of any campaign
  acts.push('duplicate');
  if (allows(c.state, 'delete')) acts.push('delete');
  return { edit: allows(c.state, 'edit'), acts };
}
