import { describe, expect, it } from 'vitest';
import type { TplComponent } from './template-placeholders.ts';
import { sameContent, validateName, validateTemplate, type RuleCode } from './template-rules.ts';

const body = (text: string): TplComponent => ({ type: 'BODY', text });
const ok = (components: TplComponent[], examples?: Record<string, string>) => ({
  name: 'promo_estate',
  category: 'MARKETING',
  language: 'it',
  components,
  examples,
});
const GOOD_BODY = 'Ciao %%FIRST_NAME%%, il tuo ordine è pronto: passa a ritirarlo quando vuoi.';
const rules = (t: ReturnType<typeof ok>) => validateTemplate(t, t.examples).map((i) => i.rule);
const qr = (text: string) => ({ type: 'QUICK_REPLY', text });

describe('template rules', () => {
  it('accepts a well-formed bilingual-style template', () => {
    expect(
      rules(
        ok(
          [
            { type: 'HEADER', format: 'TEXT', text: 'Per te, %%FIRST_NAME%%' },
            body(GOOD_BODY),
            { type: 'FOOTER', text: 'Scrivi STOP per non ricevere più messaggi' },
            {
              type: 'BUTTONS',
              buttons: [qr('Sì'), qr('No'), { type: 'URL', text: 'Apri', url: 'https://shop.example.com/o/{{1}}' }],
            },
          ],
          { first_name: 'Giulia', url_2: 'A1' },
        ),
      ),
    ).toEqual([]);
    expect(validateTemplate(ok([body(GOOD_BODY)], { first_name: 'Giulia' }), { first_name: 'Giulia' })).toEqual([]);
  });

  const cases: Array<[string, Partial<ReturnType<typeof ok>>, RuleCode]> = [
    ['name missing', { name: '' }, 'name.required'],
    ['name with capitals', { name: 'Promo' }, 'name.charset'],
    ['name with a dash', { name: 'promo-estate' }, 'name.charset'],
    ['name too long', { name: 'a'.repeat(513) }, 'name.max_length'],
    ['unknown category', { category: 'NEWS' }, 'category.invalid'],
    ['bad language code', { language: 'Italian' }, 'language.invalid'],
    [
      'empty header text',
      { components: [{ type: 'HEADER', format: 'TEXT', text: '' }, body(GOOD_BODY)] },
      'header.text.required',
    ],
    [
      'header over 60',
      { components: [{ type: 'HEADER', format: 'TEXT', text: 'x'.repeat(61) }, body(GOOD_BODY)] },
      'header.text.max_length',
    ],
    [
      'two header placeholders',
      { components: [{ type: 'HEADER', format: 'TEXT', text: '%%FIRST_NAME%% e %%LAST_NAME%%' }, body(GOOD_BODY)] },
      'header.text.max_params',
    ],
    [
      'image header without sample',
      { components: [{ type: 'HEADER', format: 'IMAGE' }, body(GOOD_BODY)] },
      'header.sample_required',
    ],
    ['no body', { components: [] }, 'body.required'],
    ['body over 1024', { components: [body(`Ciao ${'a'.repeat(1030)}`)] }, 'body.max_length'],
    ['five spaces', { components: [body('Ciao amici,     ecco le novità della settimana')] }, 'body.spaces'],
    [
      'placeholder first',
      { components: [body('%%FIRST_NAME%%, il tuo ordine è pronto da ritirare in negozio')] },
      'body.param_at_start',
    ],
    [
      'placeholder last',
      { components: [body('Il tuo ordine è pronto da ritirare in negozio, %%FIRST_NAME%%')] },
      'body.param_at_end',
    ],
    [
      'placeholder last before a full stop',
      { components: [body('Il tuo ordine è pronto da ritirare in negozio, %%FIRST_NAME%%.')] },
      'body.param_at_end',
    ],
    [
      'adjacent placeholders',
      { components: [body('Ciao %%FIRST_NAME%% %%LAST_NAME%%, il tuo ordine è pronto da ritirare')] },
      'body.params_adjacent',
    ],
    ['too many placeholders', { components: [body('Ciao %%A%%, ordine %%B%% del %%C%% ok')] }, 'body.too_many_params'],
    [
      'mixed placeholders',
      { components: [body('Ciao {{1}}, il tuo ordine %%ORDER%% è pronto da ritirare in negozio')] },
      'param.mixed',
    ],
    [
      'gap in numbered',
      { components: [body('Ciao {{1}}, il tuo ordine {{3}} è pronto da ritirare in negozio')] },
      'param.sequence',
    ],
    [
      'bad named key',
      { components: [body('Ciao {{First}}, il tuo ordine è pronto da ritirare in negozio')] },
      'param.name',
    ],
    ['missing example', { components: [body(GOOD_BODY)], examples: {} }, 'param.example_missing'],
    [
      'footer over 60',
      { components: [body(GOOD_BODY), { type: 'FOOTER', text: 'f'.repeat(61) }] },
      'footer.max_length',
    ],
    [
      'footer placeholder',
      { components: [body(GOOD_BODY), { type: 'FOOTER', text: 'Per %%FIRST_NAME%%' }] },
      'footer.params',
    ],
    [
      'eleven buttons',
      {
        components: [body(GOOD_BODY), { type: 'BUTTONS', buttons: Array.from({ length: 11 }, (_, i) => qr(`r${i}`)) }],
      },
      'buttons.max',
    ],
    [
      'eleven quick replies',
      {
        components: [body(GOOD_BODY), { type: 'BUTTONS', buttons: Array.from({ length: 11 }, (_, i) => qr(`r${i}`)) }],
      },
      'buttons.quick_reply_max',
    ],
    [
      'three links',
      {
        components: [
          body(GOOD_BODY),
          {
            type: 'BUTTONS',
            buttons: [1, 2, 3].map((i) => ({ type: 'URL', text: `l${i}`, url: 'https://a.example' })),
          },
        ],
      },
      'buttons.url_max',
    ],
    [
      'two phones',
      {
        components: [
          body(GOOD_BODY),
          {
            type: 'BUTTONS',
            buttons: [1, 2].map((i) => ({ type: 'PHONE_NUMBER', text: `p${i}`, phone_number: '+390212345678' })),
          },
        ],
      },
      'buttons.phone_max',
    ],
    [
      'two copy codes',
      {
        components: [
          body(GOOD_BODY),
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'COPY_CODE', example: 'A1' },
              { type: 'COPY_CODE', example: 'B2' },
            ],
          },
        ],
      },
      'buttons.copy_code_max',
    ],
    [
      'quick replies split',
      {
        components: [
          body(GOOD_BODY),
          { type: 'BUTTONS', buttons: [qr('a'), { type: 'URL', text: 'l', url: 'https://a.example' }, qr('b')] },
        ],
      },
      'buttons.grouped',
    ],
    [
      'button without text',
      { components: [body(GOOD_BODY), { type: 'BUTTONS', buttons: [qr('')] }] },
      'button.text.required',
    ],
    [
      'button over 25',
      { components: [body(GOOD_BODY), { type: 'BUTTONS', buttons: [qr('x'.repeat(26))] }] },
      'button.text.max_length',
    ],
    [
      'emoji in a button',
      { components: [body(GOOD_BODY), { type: 'BUTTONS', buttons: [qr('Sì 👍')] }] },
      'button.text.emoji',
    ],
    [
      'same button twice',
      { components: [body(GOOD_BODY), { type: 'BUTTONS', buttons: [qr('Sì'), qr('sì')] }] },
      'button.text.duplicate',
    ],
    [
      'link not http',
      {
        components: [
          body(GOOD_BODY),
          { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'l', url: 'ftp://a.example' }] },
        ],
      },
      'button.url.invalid',
    ],
    [
      'link variable in the middle',
      {
        components: [
          body(GOOD_BODY),
          { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'l', url: 'https://a.example/{{1}}/x' }] },
        ],
      },
      'button.url.param',
    ],
    [
      'link variable without example',
      {
        components: [
          body(GOOD_BODY),
          { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'l', url: 'https://a.example/{{1}}' }] },
        ],
        examples: { first_name: 'G' },
      },
      'button.url.example',
    ],
    [
      'phone without +',
      {
        components: [
          body(GOOD_BODY),
          { type: 'BUTTONS', buttons: [{ type: 'PHONE_NUMBER', text: 'Chiama', phone_number: '0212345678' }] },
        ],
      },
      'button.phone.invalid',
    ],
    [
      'copy code too long',
      { components: [body(GOOD_BODY), { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'X'.repeat(16) }] }] },
      'button.copy_code.example',
    ],
    [
      'unknown button',
      { components: [body(GOOD_BODY), { type: 'BUTTONS', buttons: [{ type: 'CALL_ME', text: 'x' }] }] },
      'button.type',
    ],
  ];

  it.each(cases.map(([label, patch, rule]) => [label, rule, patch] as const))('%s → %s', (_label, rule, patch) => {
    const t = { ...ok([body(GOOD_BODY)]), ...patch };
    const issues = validateTemplate(t, t.examples);
    const hit = issues.find((i) => i.rule === rule);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    // the message names the rule's subject, never a bare code
    expect(hit!.message).toMatch(/^(Name|Category|Language|Header|Body|Placeholders?|Footer|Buttons?)\b/);
  });

  it('counts emoji as one character, like Meta', () => {
    expect(
      validateTemplate(ok([{ type: 'HEADER', format: 'TEXT', text: '🎉'.repeat(60) }, body(GOOD_BODY)])).map(
        (i) => i.rule,
      ),
    ).not.toContain('header.text.max_length');
  });

  it('lets punctuation between a placeholder and words pass', () => {
    expect(rules(ok([body('Ciao %%FIRST_NAME%%, grazie!')]))).toEqual([]);
  });

  it('checks a name as it is typed', () => {
    expect(validateName('promo_2025')).toEqual([]);
    expect(validateName('Promo 2025').map((i) => i.rule)).toEqual(['name.charset']);
  });

  it('finds a duplicate by language and body, placeholders by position', () => {
    const a = { language: 'it', components: [body('Ciao %%FIRST_NAME%%, a presto!')] };
    expect(sameContent(a, { language: 'it', components: [body('Ciao {{name}},  a presto!')] })).toBe(true);
    expect(sameContent(a, { language: 'en', components: [body('Ciao %%FIRST_NAME%%, a presto!')] })).toBe(false);
    expect(sameContent(a, { language: 'it', components: [body('Ciao %%FIRST_NAME%%, a domani!')] })).toBe(false);
  });
});
