import { chromium } from 'playwright-core';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && console.log('console:', m.text().slice(0, 400)));
page.on('pageerror', (e) => console.log('pageerror:', String(e).slice(0, 400)));
await page.goto(`${base}/inscription`);
await page.waitForSelector('html[data-hydrated]');
await page.getByLabel('Prénom').fill('Camille');
await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Martin');
await page.getByLabel('Entreprise').fill('Essai');
await page.getByLabel('Adresse e-mail professionnelle').fill(`c-${Date.now()}@exemple.fr`);
await page.getByLabel('Mot de passe').fill('correct-cheval-agrafe');
await page.getByRole('button', { name: 'Créer mon compte' }).click();
await page.waitForURL(/\/app/);
let ok = 0, bad = 0;
for (let n = 0; n < 25; n++) {
  await page.goto(`${base}/app/parametres`);
  try { await page.waitForSelector('html[data-hydrated]', { timeout: 8000 }); ok++; } catch { bad++; console.log('NOT hydrated on try', n, (await page.content()).length); }
}
console.log('ok', ok, 'bad', bad);
await browser.close();
