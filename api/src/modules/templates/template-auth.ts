/**
 * Authentication templates (pure; the API, the web editor and the sandbox share it). Meta writes their text:
 * the create payload carries no body text, only
 *   BODY    { add_security_recommendation?: boolean }
 *   FOOTER  { code_expiration_minutes?: 1…90 }
 *   BUTTONS [{ type: "OTP", otp_type: "COPY_CODE" | "ONE_TAP", text?, autofill_text?, supported_apps?: [{ package_name, signature_hash }] }]
 * and Meta stores the fixed, translated text ("{{1}} is your verification code.") with a URL button.
 */
import type { TplButton, TplComponent } from './template-placeholders.ts';

export const AUTH_LIMITS = {
  expiryMin: 1,
  expiryMax: 90,
  buttonText: 25,
  apps: 5,
  signatureHash: 11,
  packageName: 224,
} as const;
export const OTP_TYPES = ['COPY_CODE', 'ONE_TAP'] as const;
export type OtpType = (typeof OTP_TYPES)[number];

export interface AuthSettings {
  security: boolean;
  /** minutes, or null for no expiry warning */
  expiry: number | null;
  otpType: OtpType;
  /** the button's label; empty = Meta's default ("Copy code" / "Autofill") */
  buttonText: string;
  autofillText: string;
  packageName: string;
  signatureHash: string;
}

export const defaultAuth = (): AuthSettings => ({
  security: true,
  expiry: 10,
  otpType: 'COPY_CODE',
  buttonText: '',
  autofillText: '',
  packageName: '',
  signatureHash: '',
});

const upper = (v: unknown) => String(v ?? '').toUpperCase();

/** Is this the creation shape of an authentication template (no body text, an OTP button)? */
export function isAuthShape(components: readonly TplComponent[] | null | undefined): boolean {
  const list = components ?? [];
  return list.some((c) => upper(c.type) === 'BUTTONS' && (c.buttons ?? []).some((b) => upper(b.type) === 'OTP'));
}

export function authComponents(a: AuthSettings): TplComponent[] {
  const button: TplButton = { type: 'OTP', otp_type: a.otpType };
  if (a.buttonText.trim()) button.text = a.buttonText.trim();
  if (a.otpType === 'ONE_TAP') {
    if (a.autofillText.trim()) button.autofill_text = a.autofillText.trim();
    button.supported_apps = [{ package_name: a.packageName.trim(), signature_hash: a.signatureHash.trim() }];
  }
  return [
    { type: 'BODY', add_security_recommendation: a.security },
    ...(a.expiry !== null ? [{ type: 'FOOTER', code_expiration_minutes: a.expiry }] : []),
    { type: 'BUTTONS', buttons: [button] },
  ];
}

export function authFromComponents(components: readonly TplComponent[] | null | undefined): AuthSettings {
  const list = components ?? [];
  const of = (t: string) => list.find((c) => upper(c.type) === t);
  const b = of('BUTTONS')?.buttons?.find((x) => upper(x.type) === 'OTP');
  const app = (Array.isArray(b?.supported_apps) ? b.supported_apps[0] : b) as
    | { package_name?: string; signature_hash?: string }
    | undefined;
  const minutes = of('FOOTER')?.code_expiration_minutes;
  return {
    security: of('BODY')?.add_security_recommendation !== false,
    expiry: typeof minutes === 'number' ? minutes : null,
    otpType: upper(b?.otp_type) === 'ONE_TAP' ? 'ONE_TAP' : 'COPY_CODE',
    buttonText: typeof b?.text === 'string' ? b.text : '',
    autofillText: typeof b?.autofill_text === 'string' ? b.autofill_text : '',
    packageName: app?.package_name ?? '',
    signatureHash: app?.signature_hash ?? '',
  };
}

/** Meta's fixed text in a few languages (its own translations; English for the others). */
const FIXED: Record<string, { code: string; security: string; expiry: string; copy: string; autofill: string }> = {
  en: {
    code: '{{1}} is your verification code.',
    security: 'For your security, do not share this code.',
    expiry: 'This code expires in {{n}} minutes.',
    copy: 'Copy code',
    autofill: 'Autofill',
  },
  it: {
    code: '{{1}} è il tuo codice di verifica.',
    security: 'Per la tua sicurezza, non condividere questo codice.',
    expiry: 'Questo codice scade tra {{n}} minuti.',
    copy: 'Copia codice',
    autofill: 'Compilazione automatica',
  },
  fr: {
    code: '{{1}} est votre code de vérification.',
    security: 'Pour votre sécurité, ne communiquez pas ce code.',
    expiry: 'Ce code expire dans {{n}} minutes.',
    copy: 'Copier le code',
    autofill: 'Saisie automatique',
  },
  es: {
    code: '{{1}} es tu código de verificación.',
    security: 'Por tu seguridad, no lo compartas.',
    expiry: 'Este código caduca en {{n}} minutos.',
    copy: 'Copiar código',
    autofill: 'Autocompletar',
  },
};

/** What the customer reads, as Meta renders it: body, footer and the button's label. */
export function authText(
  language: string,
  a: Pick<AuthSettings, 'security' | 'expiry' | 'otpType' | 'buttonText'>,
): { body: string; footer?: string; button: string } {
  const f = FIXED[language.split('_')[0]!.toLowerCase()] ?? FIXED.en!;
  return {
    body: a.security ? `${f.code} ${f.security}` : f.code,
    ...(a.expiry !== null ? { footer: f.expiry.replace('{{n}}', String(a.expiry)) } : {}),
    button: a.buttonText.trim() || (a.otpType === 'ONE_TAP' ? f.autofill : f.copy),
  };
}
