import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// The PWA lives in web/; the build lands in dist/web, which the Hono server serves at `/`.
// Feature routes (settings, template picker, interactive builder, contact panel) are split into lazy chunks.
export default defineConfig({
  root: 'web',
  publicDir: 'public',
  plugins: [solid()],
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
