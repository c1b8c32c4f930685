import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

// The PWA lives in web/; the build lands in dist/web, which the Hono server serves at `/`.
// Feature routes (settings, template picker, interactive builder, contact panel) are split into lazy chunks.
// The service worker is our own source (sw/sw.ts), built with injectManifest: workbox fills in the precache list.
export default defineConfig({
  root: 'web',
  publicDir: 'public',
  plugins: [
    solid(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '../sw',
      filename: 'sw.ts',
      // registered by web/src/features/pwa/register.ts with workbox-window (update prompt)
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icon.svg', 'icons/*.png'],
      manifest: {
        id: '/',
        name: 'Spunta — WhatsApp team inbox',
        short_name: 'Spunta',
        description: 'Answer your customers on WhatsApp as a team, from your phone — even offline.',
        lang: 'it',
        start_url: '/#/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0f766e',
        background_color: '#f4f7f6',
        categories: ['business', 'productivity', 'communication'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [
          { name: 'Inbox', short_name: 'Inbox', url: '/#/?tab=mine', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
          { name: 'Unassigned', short_name: 'Unassigned', url: '/#/?tab=unassigned', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        rollupFormat: 'es',
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // libraries in one cacheable "vendor" chunk that changes only when dependencies do; app code shared by routes in "common"
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }, { name: 'common', minShareCount: 2 }] } } },
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/pb': { target: 'http://localhost:8080', ws: false }, '/sandbox': 'http://localhost:8080' } },
});
