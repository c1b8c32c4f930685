// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatMessage, parseFormatting, plainText, safeHref } from './format.ts';

function html(text: string): string {
  const div = document.createElement('div');
  for (const n of formatMessage(text)) div.appendChild(n);
  return div.innerHTML;
}

describe('WhatsApp formatting', () => {
  it('renders bold, italic, strike and monospace', () => {
    expect(html('*bold* _it_ ~gone~ ```a *b* c```')).toBe(
      '<strong>bold</strong> <em>it</em> <s>gone</s> <code class="fmt-mono">a *b* c</code>',
    );
  });

  it('nests markers and keeps inline code', () => {
    expect(html('*_both_* and `x*y*`')).toBe('<strong><em>both</em></strong> and <code>x*y*</code>');
  });

  it('needs word boundaries: arithmetic and snake_case stay literal', () => {
    expect(html('2*3*4 = 24')).toBe('2*3*4 = 24');
    expect(html('my_var_name')).toBe('my_var_name');
    expect(html('* not bold *')).toBe('* not bold *');
    expect(html('**')).toBe('**');
  });

  it('does not format across lines', () => {
    expect(html('*start\nend*')).toBe('*start\nend*');
  });

  it('multi-line monospace keeps its newlines', () => {
    const tokens = parseFormatting('```line1\nline2```');
    expect(tokens).toEqual([{ t: 'mono', v: 'line1\nline2' }]);
  });

  it('links http(s) and www, trims trailing punctuation, ignores markers inside', () => {
    expect(html('see https://ex.com/a_b_c.')).toBe(
      'see <a href="https://ex.com/a_b_c" target="_blank" rel="noopener noreferrer nofollow">https://ex.com/a_b_c</a>.',
    );
    expect(html('www.example.org')).toContain('href="https://www.example.org/"');
  });

  it('never links javascript: or data: URLs', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(html('javascript:alert(1)')).toBe('javascript:alert(1)');
  });

  it('shows markup literally (no element is created from message text)', () => {
    const div = document.createElement('div');
    for (const n of formatMessage('<img src=x onerror=alert(1)> *<b>hi</b>*')) div.appendChild(n);
    expect(div.querySelector('img')).toBeNull();
    expect(div.querySelector('b')).toBeNull();
    expect(div.textContent).toBe('<img src=x onerror=alert(1)> <b>hi</b>');
    expect(div.querySelector('strong')?.textContent).toBe('<b>hi</b>');
  });

  it('escapes a link whose text contains markup', () => {
    const out = html('https://ex.com/"><script>alert(1)</script>');
    expect(out).not.toContain('<script>');
  });

  it('plainText strips markers', () => {
    expect(plainText('*Hi* _there_ ```x```')).toBe('Hi there x');
  });
});
