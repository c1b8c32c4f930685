/** A user-facing sentence for an API error (ApiError or an outbox error), in the current language when the code is known. */
import { t } from '../../i18n/index.ts';

export function errorText(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string') {
    const e = err as { code: string; message: string };
    switch (e.code) {
      case 'template_required':
        return t('errors.template_required');
      case 'forbidden':
        return t('errors.forbidden');
      case 'network':
        return t('errors.network');
      case 'not_retryable':
        return t('errors.not_retryable');
      case 'validation_failed':
        return t('errors.validation_failed', { message: e.message });
      default:
        return e.message || t('common.error');
    }
  }
  return (err as Error)?.message || t('common.error');
}
