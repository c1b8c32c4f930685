/**
 * Meta's per-message rates for template messages (USD, per delivered message) effective 2025-07-01, the day
 * WhatsApp moved from per-conversation to per-message pricing. Transcribed for the countries Spunta's users
 * message most and the "other" row ('*'); service messages (free text in an open window) cost nothing.
 * Sources: Meta's rate card (developers.facebook.com/docs/whatsapp/pricing, "Rates" CSV of 2025-07-01),
 * cross-checked against BSP mirrors that publish it with their 10 % mark-up (e.g. US marketing 0.0275 =
 * 0.025 × 1.1, Germany 0.1502 = 0.1365 × 1.1). Admins replace it with PUT /api/v1/campaigns/rates when Meta
 * publishes a new card (Meta revises some countries quarterly: 2025-10-01, 2026-01-01).
 */
import type { RateTable } from './campaign-rules.ts';

export const META_RATES: RateTable = {
  currency: 'USD',
  source_date: '2025-07-01',
  source: 'Meta WhatsApp Business Platform rate card (per-message pricing), effective 2025-07-01',
  rates: {
    IT: { marketing: 0.0691, utility: 0.03, authentication: 0.03 },
    ES: { marketing: 0.0615, utility: 0.02, authentication: 0.02 },
    FR: { marketing: 0.0859, utility: 0.03, authentication: 0.03 },
    DE: { marketing: 0.1365, utility: 0.055, authentication: 0.055 },
    GB: { marketing: 0.0529, utility: 0.022, authentication: 0.0127 },
    NL: { marketing: 0.1597, utility: 0.05, authentication: 0.05 },
    US: { marketing: 0.025, utility: 0.004, authentication: 0.004 },
    CA: { marketing: 0.025, utility: 0.004, authentication: 0.004 },
    BR: { marketing: 0.0625, utility: 0.008, authentication: 0.0044 },
    MX: { marketing: 0.0436, utility: 0.01, authentication: 0.0064 },
    IN: { marketing: 0.0118, utility: 0.0014, authentication: 0.0014 },
    '*': { marketing: 0.0604, utility: 0.0077, authentication: 0.0077 },
  },
};
