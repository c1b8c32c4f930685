/** A user-facing sentence for an API error, in the current language when the code is known. */
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';

export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'template_required':
        return t('errors.template_required');
      case 'forbidden':
        return t('errors.forbidden');
      case 'network':
        return t('errors.network');
      case 'not_retryable':
        return t('errors.not_retryable');
      case 'validation_failed':
        return t('errors.validation_failed', { message: err.message });
      default:
        return err.message || t('common.error');
    }
  }
  return (err as Error)?.message || t('common.error');
}
