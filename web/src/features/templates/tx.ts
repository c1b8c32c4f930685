/** t() for keys built at run time (a status, a rule code, a category from the server); '' when missing. */
import { t } from '../../i18n/index.ts';

export function tx(key: string, params?: Record<string, unknown>): string {
  const v = (t as unknown as (k: string, p?: Record<string, unknown>) => unknown)(key, params);
  return typeof v === 'string' ? v : '';
}
