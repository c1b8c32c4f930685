/** What may be done to a campaign in each state (the server checks again; this only decides what is offered). */
import type { CampaignAction } from './campaigns.api.ts';
import type { Campaign } from './campaigns.types.ts';

export type Act = CampaignAction | 'delete';

export function actionsFor(c: Pick<Campaign, 'state'>): { edit: boolean; acts: Act[] } {
  const s = c.state;
  const acts: Act[] = [];
  if (s === 'sending' || s === 'scheduled') acts.push('pause');
  if (s === 'paused') acts.push('resume');
  if (s === 'sending' || s === 'scheduled' || s === 'paused') acts.push('cancel');
  acts.push('duplicate');
  if (s !== 'sending') acts.push('delete');
  return { edit: s === 'draft' || s === 'scheduled', acts };
}
