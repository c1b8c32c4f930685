import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';
import { manifestFor } from './web/src/features/pwa/manifest.ts';
import { LOCALES } from './web/src/i18n/locales.ts';

/** manifest.it.webmanifest, manifest.fr.webmanifest …: the install prompt shows the user's language. */
const localisedManifests = (): Plugin => ({
  name: 'spunta-localised-manifests',
  apply: 'build',
  generateBundle() {
    for (const l of LOCALES) {
      if (l !== 'en')
        this.emitFile({ type: 'asset', fileName: `manifest.${l}.webmanifest`, source: JSON.stringify(manifestFor(l)) });
    }
  },
});

// The PWA lives in web/; the build lands in dist/web, which the Hono server serves at `/`.
// Feature routes (settings, template picker, interactive builder, contact panel) are split into lazy chunks.
// The service worker is our own source (sw/sw.ts), built with injectManifest: workbox fills in the precache list.
export default defineConfig({
  root: 'web',
  publicDir: 'public',
  plugins: [
    solid(),
    localisedManifests(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '../sw',
      filename: 'sw.ts',
      // registered by web/src/features/pwa/register.ts with workbox-window (update prompt)
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icon.svg', 'icons/*.png'],
      // English here; localisedManifests() above emits the other languages (web/src/features/pwa/manifest.ts)
      manifest: manifestFor('en'),
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
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // uPlot stays out: only the dashboard's messages chart loads it, on demand
            { name: 'vendor', test: /node_modules[\\/](?!uplot[\\/])/ },
            { name: 'common', minShareCount: 2 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/pb': { target: 'http://localhost:8080', ws: false },
      '/sandbox': 'http://localhost:8080',
    },
  },
});
