/** Building Meta's `interactive` object for reply buttons (≤ 3) or a list (≤ 10 rows), with its limits. */
export const LIMITS = {
  buttons: 3,
  buttonTitle: 20,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
  section: 24,
  header: 60,
  footer: 60,
  bodyButtons: 1024,
  bodyList: 4096,
};

export interface Draft {
  kind: 'button' | 'list';
  header: string;
  body: string;
  footer: string;
  buttons: string[];
  listButton: string;
  section: string;
  rows: Array<{ title: string; description: string }>;
}

export type Problems = Record<string, 'required' | 'tooLong' | 'duplicate'>;

export function validate(d: Draft): Problems {
  const p: Problems = {};
  const len = (key: string, v: string, max: number, required = false) => {
    if (required && !v.trim()) p[key] = 'required';
    else if (v.length > max) p[key] = 'tooLong';
  };
  len('body', d.body, d.kind === 'button' ? LIMITS.bodyButtons : LIMITS.bodyList, true);
  len('header', d.header, LIMITS.header);
  len('footer', d.footer, LIMITS.footer);
  if (d.kind === 'button') {
    for (const [i, b] of d.buttons.entries()) len(`button.${i}`, b, LIMITS.buttonTitle, true);
    const seen = new Map<string, number>();
    d.buttons.forEach((b, i) => {
      const k = b.trim().toLowerCase();
      if (k && seen.has(k)) p[`button.${i}`] = 'duplicate';
      seen.set(k, i);
    });
  } else {
    len('listButton', d.listButton, LIMITS.listButton, true);
    len('section', d.section, LIMITS.section);
    d.rows.forEach((r, i) => {
      len(`row.${i}`, r.title, LIMITS.rowTitle, true);
      len(`rowDesc.${i}`, r.description, LIMITS.rowDescription);
    });
    const seen = new Set<string>();
    d.rows.forEach((r, i) => {
      const k = r.title.trim().toLowerCase();
      if (k && seen.has(k)) p[`row.${i}`] = 'duplicate';
      seen.add(k);
    });
  }
  return p;
}

const slug = (s: string, i: number) =>
  `${i + 1}-${
    s
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'option'
  }`;

export function toInteractive(d: Draft): Record<string, unknown> {
  const common = {
    ...(d.header.trim() ? { header: { type: 'text', text: d.header.trim() } } : {}),
    body: { text: d.body.trim() },
    ...(d.footer.trim() ? { footer: { text: d.footer.trim() } } : {}),
  };
  if (d.kind === 'button') {
    return {
      type: 'button',
      ...common,
      action: { buttons: d.buttons.map((b, i) => ({ type: 'reply', reply: { id: slug(b, i), title: b.trim() } })) },
    };
  }
  return {
    type: 'list',
    ...common,
    action: {
      button: d.listButton.trim(),
      sections: [
        {
          ...(d.section.trim() ? { title: d.section.trim() } : {}),
          rows: d.rows.map((r, i) => ({
            id: slug(r.title, i),
            title: r.title.trim(),
            ...(r.description.trim() ? { description: r.description.trim() } : {}),
          })),
        },
      ],
    },
  };
}
