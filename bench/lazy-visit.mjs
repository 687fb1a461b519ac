// A lazy route of the production build, end to end: sign up in Chromium (the dashboard is a lazy
// route: its chunks come with the page), reload it with a cold cache at 10 Mbit/s and 40 ms of
// round trip and time it until hydrated, then navigate to the settings (another chunk, fetched
// on the way) and use the page. Prints the times, the chunks fetched and any console error.
// Usage: node bench/lazy-visit.mjs BASE_URL
import { chromium } from 'playwright-core';

const [base] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
const page = await browser.newPage();
const errors = [];
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
page.on('pageerror', (e) => errors.push(String(e)));
const chunks = [];
page.on('requestfinished', (r) => /\/pkg\/(split|chunk)_/.test(r.url()) && chunks.push(r.url().split('/pkg/')[1]));

await page.goto(`${base}/inscription`);
await page.waitForSelector('html[data-hydrated]');
await page.getByLabel('Adresse e-mail professionnelle').fill(`lazy-${Date.now()}@exemple.fr`);
await page.getByLabel('Mot de passe').fill('correct-cheval-agrafe');
await page.getByLabel('Entreprise').fill('Essai Lazy');
await page.getByLabel('Prénom').fill('Camille');
await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Martin');
await page.getByRole('button', { name: 'Créer mon compte' }).click();
await page.waitForURL(/\/app/);

const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
await cdp.send('Network.emulateNetworkConditions', {
  offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8,
});
chunks.length = 0;
const started = Date.now();
await page.reload();
await page.waitForSelector('html[data-hydrated]');
const dashboard = Date.now() - started;
const dashboardChunks = chunks.length;

chunks.length = 0;
const navStarted = Date.now();
await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Paramètres' }).click();
await page.getByLabel('Mot de passe actuel').waitFor();
const settings = Date.now() - navStarted;
console.log(`dashboard reloaded cold: interactive in ${dashboard} ms with ${dashboardChunks} chunks`);
console.log(`navigation to the settings: drawn in ${settings} ms, ${chunks.length} chunks fetched on the way`);
console.log(errors.length ? `console errors: ${errors.join(' | ')}` : 'no console error');
await browser.close();
