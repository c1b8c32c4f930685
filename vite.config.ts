import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// The PWA lives in web/; the build lands in dist/web, which the Hono server serves at `/`.
// Feature routes (settings, template picker, interactive builder, contact panel) are split into lazy chunks.
export default defineConfig({
  root: 'web',
  publicDir: 'public',
  plugins: [solid()],
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: true },
  server: { proxy: { '/api': 'http://localhost:8080', '/pb': { target: 'http://localhost:8080', ws: false }, '/sandbox': 'http://localhost:8080' } },
});
