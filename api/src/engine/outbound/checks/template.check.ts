/** A template must exist in that language and be APPROVED (a PAUSED, DISABLED, PENDING or REJECTED one is refused before Meta). */
import { AppError } from '../../../lib/errors.ts';
import { OK, type SendCheck } from '../send.types.ts';

export const templateCheck: SendCheck = {
  name: 'template',
  run(f) {
    if (f.type !== 'template') return OK;
    const { name, language } = f.templateRef ?? { name: '', language: '' };
    if (!f.template)
      return {
        ok: false,
        error: new AppError('template_not_found', 422, `No template "${name}" in language "${language}"`),
      };
    if (f.template.status !== 'APPROVED') {
      return {
        ok: false,
        error: new AppError(
          'template_not_approved',
          422,
          `Template "${name}" (${language}) is ${f.template.status}, not APPROVED`,
          { status: f.template.status },
        ),
      };
    }
    return OK;
  },
};
