/**
 * WhatsApp formatting, rendered safely: the text is parsed into tokens and the tokens become DOM
 * nodes built with createElement/createTextNode — never innerHTML — so markup in a message is shown
 * literally. Supports *bold*, _italic_, ~strike~, ```monospace``` blocks, `inline code` and
 * http(s)/www links.
 */

export type Token =
  | { t: 'text'; v: string }
  | { t: 'bold' | 'italic' | 'strike'; children: Token[] }
  | { t: 'mono'; v: string }
  | { t: 'code'; v: string }
  | { t: 'link'; href: string; v: string };

const MARKERS: Record<string, 'bold' | 'italic' | 'strike'> = { '*': 'bold', _: 'italic', '~': 'strike' };
const URL_RE = /(?:https?:\/\/|www\.)[^\s<>"]+/iy;
const TRAILING_PUNCT = /[.,:;!?'")\]}]+$/;
const MAX_DEPTH = 3;

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Parse a message text into formatting tokens. */
export function parseFormatting(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  let i = text.indexOf('```');
  while (i !== -1) {
    const end = text.indexOf('```', i + 3);
    if (end === -1 || end === i + 3) break;
    pushAll(out, parseInline(text.slice(last, i), 0));
    out.push({ t: 'mono', v: text.slice(i + 3, end) });
    last = end + 3;
    i = text.indexOf('```', last);
  }
  pushAll(out, parseInline(text.slice(last), 0));
  return out;
}

function pushAll(out: Token[], tokens: Token[]): void {
  for (const tok of tokens) {
    const prev = out[out.length - 1];
    if (tok.t === 'text' && prev?.t === 'text') prev.v += tok.v;
    else out.push(tok);
  }
}

function parseInline(s: string, depth: number): Token[] {
  const out: Token[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push({ t: 'text', v: buf });
    buf = '';
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    // links are atomic: markers inside a URL (foo_bar) are not formatting
    if ((c === 'h' || c === 'H' || c === 'w' || c === 'W') && !isWordChar(s[i - 1])) {
      URL_RE.lastIndex = i;
      const m = URL_RE.exec(s);
      if (m) {
        const raw = m[0].replace(TRAILING_PUNCT, '');
        const href = safeHref(raw);
        if (href && raw.length > 4) {
          flush();
          out.push({ t: 'link', href, v: raw });
          i += raw.length;
          continue;
        }
      }
    }
    if (c === '`' && s[i + 1] !== '`') {
      const end = s.indexOf('`', i + 1);
      if (end > i + 1 && !s.slice(i + 1, end).includes('\n')) {
        flush();
        out.push({ t: 'code', v: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const kind = MARKERS[c];
    if (kind && depth < MAX_DEPTH && !isWordChar(s[i - 1]) && s[i - 1] !== c && !isSpace(s[i + 1]) && s[i + 1] !== c) {
      const end = closing(s, i, c);
      if (end !== -1) {
        flush();
        out.push({ t: kind, children: parseInline(s.slice(i + 1, end), depth + 1) });
        i = end + 1;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

/** Index of the marker closing the one at `open`, on the same line, or -1. */
function closing(s: string, open: number, c: string): number {
  for (let j = open + 2; j < s.length; j++) {
    const ch = s[j];
    if (ch === '\n') return -1;
    if (ch === c && !isSpace(s[j - 1]) && !isWordChar(s[j + 1]) && s[j + 1] !== c) return j;
  }
  return -1;
}

/** Only http(s) links, normalised; anything else (javascript:, data:…) is not a link. */
export function safeHref(raw: string): string | null {
  const candidate = /^www\./i.test(raw) ? `https://${raw}` : raw;
  try {
    const u = new URL(candidate);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const TAGS = { bold: 'strong', italic: 'em', strike: 's' } as const;

/** DOM nodes for the tokens, created with createElement/textContent only. */
export function tokensToNodes(tokens: Token[], doc: Document = document): Node[] {
  return tokens.map((tok): Node => {
    switch (tok.t) {
      case 'text':
        return doc.createTextNode(tok.v);
      case 'mono': {
        const el = doc.createElement('code');
        el.className = 'fmt-mono';
        el.textContent = tok.v;
        return el;
      }
      case 'code': {
        const el = doc.createElement('code');
        el.textContent = tok.v;
        return el;
      }
      case 'link': {
        const a = doc.createElement('a');
        a.href = tok.href;
        a.target = '_blank';
        a.rel = 'noopener noreferrer nofollow';
        a.textContent = tok.v;
        return a;
      }
      default: {
        const el = doc.createElement(TAGS[tok.t]);
        for (const n of tokensToNodes(tok.children, doc)) el.appendChild(n);
        return el;
      }
    }
  });
}

/** Formatted text as DOM nodes, ready to be inserted by a component. */
export function formatMessage(text: string, doc: Document = document): Node[] {
  return tokensToNodes(parseFormatting(text), doc);
}

/**
 * A one-line preview (quoted messages): the formatting shown, not its *markers*; links as plain text
 * (the preview is itself a button, and a link inside a button is not allowed) and line breaks as spaces.
 */
export function previewTokens(text: string): Token[] {
  const flat = (ts: Token[]): Token[] =>
    ts.map((tok) => {
      if (tok.t === 'link') return { t: 'text', v: tok.v };
      if (tok.t === 'text' || tok.t === 'code') return { ...tok, v: tok.v.replace(/\s*\n\s*/g, ' ') };
      if (tok.t === 'mono') return { t: 'code', v: tok.v.replace(/\s*\n\s*/g, ' ') };
      return { ...tok, children: flat(tok.children) };
    });
  return flat(parseFormatting(text));
}

export function formatPreview(text: string, doc: Document = document): Node[] {
  return tokensToNodes(previewTokens(text), doc);
}

/** The text without formatting markers (for previews and accessible names). */
export function plainText(text: string): string {
  const walk = (ts: Token[]): string => ts.map((t) => ('children' in t ? walk(t.children) : t.v)).join('');
  return walk(parseFormatting(text));
}
