/**
 * The few words the server itself writes into notifications (the rest is the customer's name and
 * message), in the recipient's language: the one set in their profile (it or en; English otherwise).
 */
const TEXTS = {
  en: { assigned: '↪ Chat assigned to you' },
  it: { assigned: '↪ Chat assegnata a te' },
} as const;

export type PushText = keyof (typeof TEXTS)['en'];

export function pushText(key: PushText, language: string | undefined): string {
  const lang = (language ?? '').slice(0, 2).toLowerCase();
  return (lang in TEXTS ? TEXTS[lang as keyof typeof TEXTS] : TEXTS.en)[key];
}
