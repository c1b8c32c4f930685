/**
 * Meta's rules for the creation payload of an authentication template (see template-auth.ts for the shape),
 * checked by validateTemplate() when the category is AUTHENTICATION — in the editor as you type and by the
 * API before submitting.
 */
import { AUTH_LIMITS, OTP_TYPES } from './template-auth.ts';
import type { TplComponent } from './template-placeholders.ts';
import type { RuleIssue } from './template-rules.ts';

const EMOJI = /\p{Extended_Pictographic}/u;
const PACKAGE = /^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$/;
const HASH = /^[A-Za-z0-9+/]{11}$/;
const upper = (v: unknown) => String(v ?? '').toUpperCase();

const issue = (rule: RuleIssue['rule'], path: string, message: string, params?: RuleIssue['params']): RuleIssue => ({
  rule,
  path,
  message,
  ...(params ? { params } : {}),
});

export function authIssues(components: readonly TplComponent[]): RuleIssue[] {
  const out: RuleIssue[] = [];
  const of = (t: string) => components.find((c) => upper(c.type) === t);
  const body = of('BODY');
  const footer = of('FOOTER');
  if (
    of('HEADER') ||
    (typeof body?.text === 'string' && body.text.trim()) ||
    (typeof footer?.text === 'string' && footer.text.trim())
  ) {
    out.push(
      issue(
        'auth.fixed_text',
        'body',
        'Authentication: Meta writes the text ("<code> is your verification code.") — no header, body or footer text',
      ),
    );
  }
  if (body?.add_security_recommendation !== undefined && typeof body.add_security_recommendation !== 'boolean') {
    out.push(issue('auth.security', 'body', 'Authentication: the security recommendation is on or off'));
  }
  const minutes = footer?.code_expiration_minutes;
  if (
    footer &&
    (typeof minutes !== 'number' ||
      !Number.isInteger(minutes) ||
      minutes < AUTH_LIMITS.expiryMin ||
      minutes > AUTH_LIMITS.expiryMax)
  ) {
    out.push(
      issue(
        'auth.expiry',
        'footer',
        `Authentication: the code expires after ${AUTH_LIMITS.expiryMin} to ${AUTH_LIMITS.expiryMax} whole minutes`,
        { min: AUTH_LIMITS.expiryMin, max: AUTH_LIMITS.expiryMax },
      ),
    );
  }
  const buttons = of('BUTTONS')?.buttons ?? [];
  if (buttons.length !== 1 || upper(buttons[0]!.type) !== 'OTP') {
    out.push(
      issue('auth.button', 'buttons', 'Authentication: exactly one code button (copy code or one-tap autofill)'),
    );
    return out;
  }
  const b = buttons[0]!;
  const otp = upper(b.otp_type);
  if (!(OTP_TYPES as readonly string[]).includes(otp))
    out.push(
      issue(
        'auth.otp_type',
        'buttons[0].otp_type',
        'Authentication: the button copies the code or fills it in with one tap',
      ),
    );
  for (const [key, path] of [
    ['text', 'buttons[0].text'],
    ['autofill_text', 'buttons[0].autofill_text'],
  ] as const) {
    const text = typeof b[key] === 'string' ? (b[key] as string) : '';
    const n = [...text].length;
    if (n > AUTH_LIMITS.buttonText)
      out.push(
        issue('button.text.max_length', path, `Button 1: at most ${AUTH_LIMITS.buttonText} characters (now ${n})`, {
          n: 1,
          max: AUTH_LIMITS.buttonText,
          count: n,
        }),
      );
    if (EMOJI.test(text)) out.push(issue('button.text.emoji', path, 'Button 1: no emoji in buttons', { n: 1 }));
  }
  if (otp === 'ONE_TAP') {
    const apps = Array.isArray(b.supported_apps)
      ? (b.supported_apps as Array<{ package_name?: unknown; signature_hash?: unknown }>)
      : [];
    if (!apps.length || apps.length > AUTH_LIMITS.apps)
      out.push(
        issue(
          'auth.app_required',
          'buttons[0].supported_apps',
          "Authentication: one-tap autofill needs your Android app's package name and signature hash",
        ),
      );
    apps.forEach((a) => {
      if (!PACKAGE.test(String(a.package_name ?? '')) || String(a.package_name).length > AUTH_LIMITS.packageName) {
        out.push(
          issue(
            'auth.package_name',
            'buttons[0].package_name',
            'Authentication: the package name looks like com.example.app',
          ),
        );
      }
      if (!HASH.test(String(a.signature_hash ?? '')))
        out.push(
          issue(
            'auth.signature_hash',
            'buttons[0].signature_hash',
            `Authentication: the app signature hash has ${AUTH_LIMITS.signatureHash} characters (letters, digits, + and /)`,
            { n: AUTH_LIMITS.signatureHash },
          ),
        );
    });
  }
  return out;
}
