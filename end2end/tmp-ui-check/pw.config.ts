import { defineConfig } from '@playwright/test';
import base from '../playwright.config';
const PORT = 3177;
const DB = '/tmp/x/ui-check.db';
export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '/tmp/x/pw-results',
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    ...(base.webServer as any),
    command: `rm -f ${DB} ${DB}-wal ${DB}-shm && exec '${process.env.PROSPECTA_BIN}' serve`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    env: { ...(base.webServer as any).env, PROSPECTA_BIND: `127.0.0.1:${PORT}`, DATABASE_URL: `sqlite://${DB}?mode=rwc`, RUST_LOG: 'warn' },
  },
});
