/**
 * The dark palette exists twice in app.css — under the system's dark preference and for an explicit
 * "dark" choice — so it must stay one palette: a variable added to one block only would make the
 * in-app choice and the system setting look different.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, '../styles/app.css'), 'utf8');

function declarations(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of block.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g))
    out[m[1]!] = m[2]!.trim();
  return out;
}

function blockAfter(selector: string): string {
  const i = css.indexOf(selector);
  expect(i, `${selector} in app.css`).toBeGreaterThanOrEqual(0);
  const open = css.indexOf('{', i + selector.length - 1);
  return css.slice(open + 1, css.indexOf('}', open));
}

describe('theme palettes', () => {
  const system = declarations(blockAfter(':root:not([data-theme="light"]) {'));
  const chosen = declarations(blockAfter(':root[data-theme="dark"] {'));
  const light = declarations(blockAfter(':root {'));

  it('the explicit dark theme is exactly the system dark palette', () => {
    expect(Object.keys(system).length).toBeGreaterThan(20);
    expect(chosen).toEqual(system);
  });

  it('every colour the dark palette sets has a light value too', () => {
    for (const key of Object.keys(system)) expect(light, key).toHaveProperty(key);
  });

  it('only the variables follow the theme: no other rule asks the media query directly', () => {
    expect(css.match(/prefers-color-scheme/g)).toHaveLength(1);
  });
});
