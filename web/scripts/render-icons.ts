/**
 * Renders the PWA icons (PNG) from web/public/icons/icon.svg in Debian's Chromium:
 * `node --import tsx web/scripts/render-icons.ts`. Maskable icons keep the mark inside the 80 % safe zone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';

const dir = resolve(import.meta.dirname, '../public/icons');
const svg = readFileSync(`${dir}/icon.svg`, 'utf8');
const inner = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage();
async function render(file: string, size: number, body: string) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
  await page.locator('svg').screenshot({ path: `${dir}/${file}`, omitBackground: true });
}
const plain = (size: number) => svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
// Maskable: full-bleed background, mark scaled into the safe zone.
const maskable = (size: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 512 512"><rect width="512" height="512" fill="#0f766e"/><g transform="translate(64 64) scale(0.75)">${inner.replace(/<rect[^>]*\/>/, '')}</g></svg>`;
// Badge: monochrome silhouette for the status bar.
const badge = (size: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 512 512">${inner.replace(/<rect[^>]*\/>/, '').replace(/stroke="#[0-9a-f]+"/gi, 'stroke="#fff"')}</svg>`;
await render('icon-192.png', 192, plain(192));
await render('icon-512.png', 512, plain(512));
await render('maskable-512.png', 512, maskable(512));
await render('maskable-192.png', 192, maskable(192));
await render('apple-touch-icon.png', 180, maskable(180));
await render('badge-96.png', 96, badge(96));
await browser.close();
