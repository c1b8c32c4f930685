/**
 * Authentication templates as Meta takes and keeps them: the create payload has no text (BODY
 * add_security_recommendation, FOOTER code_expiration_minutes, one OTP button); Meta stores its fixed,
 * translated text ("{{1}} is your verification code.") and turns the OTP button into a URL button.
 */
import { authText } from '../templates/template-auth.ts';
import { GraphError } from './errors.ts';
import type { TemplateComponent } from './templates.validate.ts';
import { isRecord } from './util.ts';

const reject = (userTitle: string, userMsg: string, subcode = 2388043) =>
  new GraphError(100, userMsg, { subcode, userTitle, userMsg });

/** Checks an AUTHENTICATION create payload; returns the components Meta stores (and GET returns). */
export function authenticationComponents(raw: unknown[], language: string): TemplateComponent[] {
  const byType = new Map<string, Record<string, unknown>>();
  for (const c of raw) {
    if (!isRecord(c) || typeof c.type !== 'string') throw new GraphError(100, 'Each component needs a type.');
    const type = c.type.toUpperCase();
    if (!['BODY', 'FOOTER', 'BUTTONS'].includes(type))
      throw reject('Invalid authentication template', `Authentication templates can't have a ${type} component.`);
    if (byType.has(type)) throw reject('Duplicate component', `Only one ${type} component is allowed.`);
    byType.set(type, c);
  }
  const body = byType.get('BODY');
  if (!body) throw new GraphError(100, 'The BODY component is required.');
  if (body.text !== undefined)
    throw reject(
      'Invalid authentication template',
      'Authentication templates use preset text: the BODY takes no text, only add_security_recommendation.',
    );
  if (body.add_security_recommendation !== undefined && typeof body.add_security_recommendation !== 'boolean')
    throw reject('Invalid parameter', 'Param add_security_recommendation must be a boolean.');
  const footer = byType.get('FOOTER');
  if (footer?.text !== undefined)
    throw reject(
      'Invalid authentication template',
      'Authentication templates use preset text: the FOOTER takes no text, only code_expiration_minutes.',
    );
  const minutes = footer?.code_expiration_minutes;
  if (footer && (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 90)) {
    throw reject('Invalid parameter', 'Param code_expiration_minutes must be an integer between 1 and 90.');
  }
  const buttons = byType.get('BUTTONS')?.buttons;
  if (
    !Array.isArray(buttons) ||
    buttons.length !== 1 ||
    !isRecord(buttons[0]) ||
    String(buttons[0].type).toUpperCase() !== 'OTP'
  ) {
    throw reject('Invalid authentication template', 'Authentication templates need exactly one OTP button.');
  }
  const b = buttons[0];
  const otp = String(b.otp_type ?? '').toUpperCase();
  if (!['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(otp))
    throw reject('Invalid parameter', 'Param otp_type must be one of {COPY_CODE, ONE_TAP, ZERO_TAP}.');
  for (const k of ['text', 'autofill_text']) {
    if (
      b[k] !== undefined &&
      (typeof b[k] !== 'string' || [...b[k]].length > 25 || /\p{Extended_Pictographic}/u.test(b[k]))
    ) {
      throw reject(
        'Invalid button text',
        `The OTP button's ${k} must be at most 25 characters, without emoji.`,
        2388045,
      );
    }
  }
  if (otp !== 'COPY_CODE') {
    const apps = Array.isArray(b.supported_apps)
      ? b.supported_apps
      : b.package_name
        ? [{ package_name: b.package_name, signature_hash: b.signature_hash }]
        : [];
    const valid = (a: unknown) =>
      isRecord(a) &&
      /^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$/.test(String(a.package_name ?? '')) &&
      /^[A-Za-z0-9+/]{11}$/.test(String(a.signature_hash ?? ''));
    if (!apps.length || apps.length > 5 || !apps.every(valid)) {
      throw reject(
        'Invalid app',
        `A ${otp} button needs supported_apps: up to 5 of { package_name, signature_hash (11 characters) }.`,
      );
    }
  }
  const security = body.add_security_recommendation !== false;
  const expiry = typeof minutes === 'number' ? minutes : null;
  const text = authText(language, {
    security,
    expiry,
    otpType: otp === 'ONE_TAP' ? 'ONE_TAP' : 'COPY_CODE',
    buttonText: typeof b.text === 'string' ? b.text : '',
  });
  const url = `https://www.whatsapp.com/otp/code/?otp_type=${otp}${expiry !== null ? `&code_expiration_minutes=${expiry}` : ''}&code=otp{{1}}`;
  return [
    { type: 'BODY', text: text.body, add_security_recommendation: security, example: { body_text: [['123456']] } },
    ...(footer ? [{ type: 'FOOTER', text: text.footer ?? '', code_expiration_minutes: expiry }] : []),
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: text.button, url, example: [url.replace('{{1}}', '123456')] }] },
  ];
}
