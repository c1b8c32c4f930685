/**
 * The campaigns API as the web sees it (contract B): the server's own schemas and rules
 * (api/src/modules/campaigns/campaigns.schema.ts, campaign-rules.ts), so the two cannot drift.
 */
import type { z } from 'zod';
import type {
  CampaignView,
  PreviewBody,
  PreviewView,
  RecipientView,
  Stats,
} from '../../../../api/src/modules/campaigns/campaigns.schema.ts';

export {
  CAMPAIGN_STATES,
  EXCLUSION_REASONS,
  RECIPIENT_STATES,
  type CampaignState,
  type ExclusionReason,
  type RecipientState,
} from '../../../../api/src/modules/campaigns/campaign-rules.ts';

export type Campaign = CampaignView;
export type CampaignStats = Stats;
/** the create body with the name optional: what the wizard builds and the preview takes */
export type CampaignBody = PreviewBody;
export type CampaignSchedule = NonNullable<CampaignView['schedule']>;
export type CampaignPreview = z.infer<typeof PreviewView>;
export type Estimate = z.infer<typeof PreviewView>['estimate'];
export type PreviewSample = CampaignPreview['sample'][number];
export type Recipient = z.infer<typeof RecipientView>;

export interface RecipientPage {
  items: Recipient[];
  page: number;
  perPage: number;
  total: number;
}
