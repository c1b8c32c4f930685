/**
 * message_template_components_update applied to the stored components. Meta's webhook carries the template's
 * text as Meta now holds it: body (`message_template_element`), a text header (`message_template_title`,
 * only when the header is text), the footer, and URL / phone-number buttons only. So: the body text is
 * replaced (its examples kept), a text header or footer follows the webhook (absent = removed), URL and
 * phone buttons are replaced in Meta's order, and whatever the webhook never describes (media headers,
 * quick replies, copy-code, flows) is kept as it was.
 */
import type { TplButton, TplComponent } from './template-placeholders.ts';

type Rec = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const DESCRIBED_BUTTONS = new Set(['URL', 'PHONE_NUMBER']);
const ORDER = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'];

function webhookButtons(v: unknown): TplButton[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((b): TplButton[] => {
    if (!b || typeof b !== 'object') return [];
    const r = b as Rec;
    const type = str(r.message_template_button_type)?.toUpperCase();
    const text = str(r.message_template_button_text);
    if (!type || text === undefined) return [];
    const url = str(r.message_template_button_url);
    const phone = str(r.message_template_button_phone_number);
    return [
      { type, text, ...(url !== undefined ? { url } : {}), ...(phone !== undefined ? { phone_number: phone } : {}) },
    ];
  });
}

/** The components after the update, or undefined when the webhook has no body text (nothing reliable to apply). */
export function applyComponentsUpdate(
  current: readonly TplComponent[] | null | undefined,
  raw: Rec,
): TplComponent[] | undefined {
  const body = str(raw.message_template_element);
  if (body === undefined) return undefined;
  const byType = new Map((current ?? []).map((c) => [String(c.type).toUpperCase(), c]));
  const out = new Map<string, TplComponent>();
  const header = byType.get('HEADER');
  const title = str(raw.message_template_title);
  if (header && header.format && header.format.toUpperCase() !== 'TEXT') out.set('HEADER', header);
  else if (title !== undefined)
    out.set('HEADER', header && header.text === title ? header : { type: 'HEADER', format: 'TEXT', text: title });

  const oldBody = byType.get('BODY');
  out.set('BODY', oldBody?.text === body ? oldBody : { ...(oldBody ?? {}), type: 'BODY', text: body });

  const footer = str(raw.message_template_footer);
  if (footer !== undefined) out.set('FOOTER', { type: 'FOOTER', text: footer });

  const oldButtons = byType.get('BUTTONS')?.buttons ?? [];
  const kept = oldButtons.filter((b) => !DESCRIBED_BUTTONS.has(String(b.type).toUpperCase()));
  const described = webhookButtons(raw.message_template_buttons).map((b) => {
    // keep what Meta's webhook does not repeat (a dynamic URL's example) from the button it replaces
    const old = oldButtons.find(
      (o) => String(o.type).toUpperCase() === b.type && (o.text === b.text || o.url === b.url),
    );
    return old ? { ...old, ...b } : b;
  });
  const buttons = [...kept, ...described];
  if (buttons.length) out.set('BUTTONS', { type: 'BUTTONS', buttons });

  // components of kinds this webhook never describes (e.g. carousel, limited-time offer) stay
  for (const [type, c] of byType) if (!ORDER.includes(type)) out.set(type, c);
  return [...out.values()].sort((a, b) => rank(a.type) - rank(b.type));
}

const rank = (t: string) => {
  const i = ORDER.indexOf(t.toUpperCase());
  return i < 0 ? ORDER.length : i;
};

/** JSON with object keys sorted: the store (PocketBase, Go maps) gives JSON objects back in its own key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Rec)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** Which parts differ, for the history entry ("body, footer"). */
export function changedParts(
  before: readonly TplComponent[] | null | undefined,
  after: readonly TplComponent[],
): string[] {
  const key = (list: readonly TplComponent[] | null | undefined, t: string) =>
    canonical((list ?? []).find((c) => String(c.type).toUpperCase() === t) ?? null);
  const types = new Set([...(before ?? []), ...after].map((c) => String(c.type).toUpperCase()));
  return [...types]
    .filter((t) => key(before, t) !== key(after, t))
    .sort((a, b) => rank(a) - rank(b))
    .map((t) => t.toLowerCase());
}
