// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatPreview } from './format.ts';

const html = (text: string) => {
  const span = document.createElement('span');
  for (const n of formatPreview(text)) span.appendChild(n);
  return span.innerHTML;
};

describe('quote previews', () => {
  it('show WhatsApp formatting instead of its markers', () => {
    expect(html('Avete il divano *Oslo* in _verde_?')).toBe('Avete il divano <strong>Oslo</strong> in <em>verde</em>?');
    expect(html('~19,90 €~ *14,90 €*')).toBe('<s>19,90 €</s> <strong>14,90 €</strong>');
  });

  it('keep links as text (a preview is a button) and fit on one line', () => {
    expect(html('Guarda https://example.com/divano\nsecondo rigo')).toBe(
      'Guarda https://example.com/divano secondo rigo',
    );
    expect(html('```a\nb```')).toBe('<code>a b</code>');
  });

  it('never turn markup into HTML', () => {
    expect(html('<img src=x onerror=alert(1)> *ok*')).toBe('&lt;img src=x onerror=alert(1)&gt; <strong>ok</strong>');
  });
});
