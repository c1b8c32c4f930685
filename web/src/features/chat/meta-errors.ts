/**
 * Meta's failure codes (docs/whatsapp-cloud-api.md) → a plain sentence for operators; the code and
 * Meta's own words stay one tap away ("details"). Unknown codes show Meta's title.
 */
export const META_ADVICE = {
  131026: 'notOnWhatsApp',
  131047: 'windowClosed',
  131049: 'marketingCap',
  131050: 'optedOut',
  131051: 'unsupportedType',
  131052: 'mediaDownload',
  131053: 'mediaUpload',
  131056: 'pairRate',
  130429: 'throughput',
  131048: 'spamLimit',
  131057: 'maintenance',
  131000: 'temporary',
  131016: 'temporary',
  135000: 'temporary',
  132000: 'templateParams',
  132001: 'templateMissing',
  132005: 'templateTooLong',
  132007: 'templatePolicy',
  132012: 'templateParams',
  132015: 'templatePaused',
  132016: 'templateDisabled',
  132018: 'templateParams',
  368: 'policyBlock',
  131031: 'accountLocked',
  130497: 'countryRestricted',
  190: 'tokenExpired',
} as const;

export type MetaAdvice = (typeof META_ADVICE)[keyof typeof META_ADVICE];

export function metaAdvice(code: number | null | undefined): MetaAdvice | undefined {
  return code ? (META_ADVICE as Record<number, MetaAdvice>)[code] : undefined;
}

/** "(#131026) Message undeliverable — details" as Meta gave it, for the details toggle. */
export function metaDetails(m: { error_code?: number | null; error_title?: string; error_details?: string }): string {
  const code = m.error_code ? `(#${m.error_code}) ` : '';
  return `${code}${m.error_title ?? ''}${m.error_details ? ` — ${m.error_details}` : ''}`.trim();
}
