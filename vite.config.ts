import { defineConfig } from 'vite';

// The PWA lives in web/; the build lands in dist/web, which the Hono server serves at `/`.
export default defineConfig({
  root: 'web',
  publicDir: 'public',
  build: { outDir: '../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:8080', '/pb': 'http://localhost:8080', '/sandbox': 'http://localhost:8080' } },
});
