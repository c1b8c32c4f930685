import { describe, expect, it } from 'vitest';
import { statusDetailsPatch } from './status-details.ts';

describe('statusDetailsPatch', () => {
  it('pricing becomes flat columns a report can filter on', () => {
    expect(
      statusDetailsPatch({ pricing: { billable: true, pricingModel: 'PMP', type: 'regular', category: 'marketing' } }),
    ).toEqual({
      billable: true,
      pricing_model: 'PMP',
      pricing_type: 'regular',
      pricing_category: 'marketing',
    });
    expect(
      statusDetailsPatch({ pricing: { billable: false, type: 'free_customer_service', category: 'utility' } }),
    ).toEqual({
      billable: false,
      pricing_type: 'free_customer_service',
      pricing_category: 'utility',
    });
  });

  it('conversation and recipient merge with what earlier statuses stored', () => {
    const sent = statusDetailsPatch({
      conversation: { id: 'c1', expiresAt: 1795416430, originType: 'marketing' },
      recipient: { recipient_user_id: 'IT.1' },
    });
    expect(sent?.status_details).toEqual({
      conversation: { id: 'c1', expiresAt: 1795416430, originType: 'marketing' },
      recipient: { recipient_user_id: 'IT.1' },
    });
    const delivered = statusDetailsPatch(
      { conversation: { id: 'c1', originType: 'marketing' }, recipient: { username: 'chiara' } },
      sent!.status_details as Record<string, unknown>,
    );
    expect(delivered?.status_details).toEqual({
      conversation: { id: 'c1', expiresAt: 1795416430, originType: 'marketing' },
      recipient: { recipient_user_id: 'IT.1', username: 'chiara' },
    });
  });

  it('callback data is kept; nothing new means no write', () => {
    expect(statusDetailsPatch({ biz_opaque_callback_data: 'spunta:1' })).toEqual({
      biz_opaque_callback_data: 'spunta:1',
    });
    expect(statusDetailsPatch({})).toBeUndefined();
    expect(
      statusDetailsPatch({ recipient: { recipient_user_id: 'IT.1' } }, { recipient: { recipient_user_id: 'IT.1' } }),
    ).toBeUndefined();
  });
});
