import { defineConfig } from '@playwright/test';
import * as path from 'path';

// The real binary in sandbox mode, on a fresh SQLite file, driven by Debian's Chromium.
export const PORT = 3100;
export const DB_FILE = '/tmp/prospecta-e2e.db';
const root = path.resolve(__dirname, '..');
const bin = process.env.PROSPECTA_BIN || path.join(root, 'target/debug/prospecta');
const siteRoot = process.env.LEPTOS_SITE_ROOT || path.join(root, 'target/site');

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'fr-FR',
    viewport: { width: 1366, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `rm -f ${DB_FILE} ${DB_FILE}-wal ${DB_FILE}-shm && exec '${bin}' serve`,
    cwd: root,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PROSPECTA_MODE: 'sandbox',
      PROSPECTA_BIND: `127.0.0.1:${PORT}`,
      DATABASE_URL: `sqlite://${DB_FILE}?mode=rwc`,
      LEPTOS_SITE_ROOT: siteRoot,
      RUST_LOG: 'warn',
      // Every journey signs up from 127.0.0.1: the per-IP sign-up limit (5 an hour) would stop
      // the suite; its refusal is tested in server/tests/it/abuse.rs.
      LIMIT_SIGNUPS_PER_IP_HOUR: '1000',
    },
  },
});
