import { describe, expect, it } from 'vitest';
import { componentsOf, emptyForm, formFromRow, issuesOf, withCategory, type TemplateRow } from './editor-state.ts';

describe('the editor in authentication', () => {
  it("switching to AUTHENTICATION gives Meta's fixed shape, and back restores the free text", () => {
    const [f] = withCategory([{ ...emptyForm('it'), body: 'Ciao, il tuo ordine è pronto' }], 'AUTHENTICATION');
    expect(componentsOf(f!)).toEqual([
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 10 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
    ]);
    expect(issuesOf('codice', 'AUTHENTICATION', f!)).toEqual([]);
    expect(
      issuesOf('codice', 'AUTHENTICATION', { ...f!, auth: { ...f!.auth!, expiry: 0 } }).map((i) => i.rule),
    ).toEqual(['auth.expiry']);
    const [back] = withCategory([f!], 'UTILITY');
    expect(componentsOf(back!)).toEqual([{ type: 'BODY', text: 'Ciao, il tuo ordine è pronto' }]);
  });

  it('a saved authentication draft opens in the authentication form', () => {
    const components = [
      { type: 'BODY', add_security_recommendation: false },
      {
        type: 'BUTTONS',
        buttons: [
          {
            type: 'OTP',
            otp_type: 'ONE_TAP',
            supported_apps: [{ package_name: 'it.app', signature_hash: 'K8a/AINcGX7' }],
          },
        ],
      },
    ];
    const f = formFromRow({ id: 'r1', language: 'en', status: 'DRAFT' } as TemplateRow, { components, examples: {} });
    expect(f.auth).toMatchObject({
      security: false,
      expiry: null,
      otpType: 'ONE_TAP',
      packageName: 'it.app',
      signatureHash: 'K8a/AINcGX7',
    });
    expect(componentsOf(f)).toEqual(components);
  });
});
