/**
 * What a quick-reply shortcut may contain (typed after "/" in the composer): lowercase letters a–z,
 * digits, "_" and "-". One definition for the server's zod schema, the form and PocketBase's field
 * pattern (pb_migrations/…_create_quick_replies.js).
 */
export const SHORTCUT_MAX = 40;
export const SHORTCUT_RE = /^[a-z0-9_-]+$/;
/**
 * For the form's `pattern` attribute: what normaliseShortcut() turns into a valid shortcut (a leading
 * "/" and capitals are fine). Browsers compile it with the `v` flag, where a bare "-" inside a class is
 * a syntax error — the old "[a-z0-9_-]+" was silently ignored, so the form checked nothing.
 */
export const SHORTCUT_PATTERN = '\\/?[A-Za-z0-9_\\-]+';
export const SHORTCUT_RULE_EN = 'use only lowercase letters a–z, digits 0–9, "_" and "-" (no spaces or accents)';

/** What the person typed, as it will be saved: no leading "/", no surrounding spaces, lowercase. */
export const normaliseShortcut = (s: string) => s.trim().replace(/^\/+/, '').toLowerCase();
