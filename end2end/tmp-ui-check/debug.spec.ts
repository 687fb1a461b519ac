import { test, expect } from '@playwright/test';
import { hydrated, signUp, uniqueEmail } from '../tests/helpers';
import * as fs from 'fs';

test('debug hydration', async ({ page }) => {
  page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 300)); });
  await signUp(page, uniqueEmail('dbg'));
  await page.goto('/app/bases/nouvelle');
  await hydrated(page);
  await page.getByLabel("Secteur d'activité").fill('plombier');
  await page.getByRole('option', { name: 'plombier', exact: true }).click();
  await page.getByLabel('Zone géographique').fill('Lyon');
  await page.getByRole('option', { name: 'Lyon', exact: true }).click();
  await page.getByRole('button', { name: "Voir l'aperçu" }).click();
  await page.getByRole('button', { name: 'Valider et générer' }).click();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
  const url = page.url();
  for (const [i, u] of [url, url + '?site=avec', '/app/bases', '/app/bases/nouvelle'].entries()) {
    const html = await (await page.request.get(u)).text();
    fs.writeFileSync(`/tmp/x/page-${i}.html`, html);
    console.log('---- load', u);
    await page.goto(u);
    await hydrated(page);
  }
});
