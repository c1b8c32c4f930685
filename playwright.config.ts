import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests of the team inbox in Debian's Chromium at phone size, against a real Spunta
 * (PocketBase + sandbox) started fresh on a fixed port with an empty temp DATA_DIR. The server is the
 * bundle `npm start` runs: `npm test` builds it and the web app first (npm run build).
 */
const PORT = Number(process.env.E2E_PORT ?? 8391);
const DATA_DIR = join(tmpdir(), `spunta-e2e-${PORT}`);
/** a local push service the e2e tests may start (tests/setup/push-service.ts); allowed explicitly, never by default */
export const E2E_PUSH_PORT = PORT + 1000;
export const E2E_ADMIN = { email: 'admin@e2e.local', password: 'e2e-admin-password' };
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 360, height: 740 },
    locale: 'en-GB',
    timezoneId: 'Europe/Rome',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // the screenshots are taken first, on an inbox holding only their own realistic data
  projects: [
    { name: 'screenshots', testMatch: /screenshots\.spec\.ts$/ },
    { name: 'inbox', testIgnore: /screenshots\.spec\.ts$/, dependencies: ['screenshots'] },
  ],
  webServer: {
    command: `rm -rf "${DATA_DIR}" && node --max-old-space-size=512 dist/server/index.mjs`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      SEED: 'false',
      SANDBOX_STATUS_DELAY_MS: '50,200',
      LOG_LEVEL: 'warn',
      PUSH_SERVICE_ORIGINS: `http://127.0.0.1:${E2E_PUSH_PORT}`,
    },
  },
});
