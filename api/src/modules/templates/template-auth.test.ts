import { describe, expect, it } from 'vitest';
import { authComponents, authFromComponents, authText, defaultAuth, isAuthShape } from './template-auth.ts';
import { toMetaComponents } from './template-placeholders.ts';
import { validateTemplate } from './template-rules.ts';

const check = (components: unknown[], category = 'AUTHENTICATION') =>
  validateTemplate({ name: 'codice_accesso', category, language: 'it', components: components as never }, {}).map(
    (i) => i.rule,
  );

describe('authentication templates', () => {
  it("Meta's creation shape: security recommendation, expiry, one copy-code button", () => {
    const components = authComponents(defaultAuth());
    expect(components).toEqual([
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 10 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
    ]);
    expect(check(components)).toEqual([]);
    expect(isAuthShape(components)).toBe(true);
    expect(authFromComponents(components)).toEqual(defaultAuth());
    // what Meta receives is that shape, untouched (no empty body text added)
    expect(toMetaComponents(components, {})).toEqual(components);
  });

  it('one-tap autofill needs the Android app', () => {
    const a = {
      ...defaultAuth(),
      otpType: 'ONE_TAP' as const,
      expiry: null,
      buttonText: 'Copia codice',
      autofillText: 'Compila',
    };
    expect(check(authComponents(a))).toEqual(expect.arrayContaining(['auth.package_name', 'auth.signature_hash']));
    const ok = authComponents({ ...a, packageName: 'it.negozio.app', signatureHash: 'K8a/AINcGX7' });
    expect(check(ok)).toEqual([]);
    expect(ok[1]).toEqual({
      type: 'BUTTONS',
      buttons: [
        {
          type: 'OTP',
          otp_type: 'ONE_TAP',
          text: 'Copia codice',
          autofill_text: 'Compila',
          supported_apps: [{ package_name: 'it.negozio.app', signature_hash: 'K8a/AINcGX7' }],
        },
      ],
    });
    expect(check([{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP' }] }])).toContain(
      'auth.app_required',
    );
  });

  it('breaking the shape names the rule', () => {
    expect(
      check([
        { type: 'BODY', text: 'Il tuo codice è {{1}}' },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
      ]),
    ).toEqual(['auth.fixed_text']);
    expect(
      check([
        { type: 'BODY' },
        { type: 'FOOTER', code_expiration_minutes: 91 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
      ]),
    ).toEqual(['auth.expiry']);
    expect(
      check([
        { type: 'BODY' },
        { type: 'FOOTER', code_expiration_minutes: 2.5 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
      ]),
    ).toEqual(['auth.expiry']);
    expect(check([{ type: 'BODY' }])).toEqual(['auth.button']);
    expect(check([{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Ok' }] }])).toEqual([
      'auth.button',
    ]);
    expect(check([{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ZERO_TAP' }] }])).toEqual([
      'auth.otp_type',
    ]);
    expect(
      check([
        { type: 'BODY' },
        {
          type: 'BUTTONS',
          buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copia il codice qui sotto adesso' }],
        },
      ]),
    ).toEqual(['button.text.max_length']);
    // an OTP button outside an authentication template
    expect(
      check(
        [
          { type: 'BODY', text: 'Ciao, ecco il tuo riepilogo settimanale.' },
          { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
        ],
        'UTILITY',
      ),
    ).toContain('button.type');
  });

  it("the text the customer reads, in Meta's words", () => {
    expect(authText('en_US', { security: true, expiry: 5, otpType: 'COPY_CODE', buttonText: '' })).toEqual({
      body: '{{1}} is your verification code. For your security, do not share this code.',
      footer: 'This code expires in 5 minutes.',
      button: 'Copy code',
    });
    expect(authText('it', { security: false, expiry: null, otpType: 'ONE_TAP', buttonText: '' })).toEqual({
      body: '{{1}} è il tuo codice di verifica.',
      button: 'Compilazione automatica',
    });
  });
});
