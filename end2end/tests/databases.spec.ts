import { expect } from '@playwright/test';
import { hydrated, shot, signUp, test, uniqueEmail } from './helpers';

// The whole prospect-database journey in sandbox mode: the simulated PagesJaunes and state
// register answer on loopback, the real sources, store and job do the work.
test('create "Plombiers — Lyon", preview, generate, filter, unlock, open, delete, restore, add', async ({ page }) => {
  test.setTimeout(300_000);
  await signUp(page, uniqueEmail('bases'));

  await page.goto('/app/bases/nouvelle');
  await hydrated(page);
  await page.getByLabel("Secteur d'activité").fill('plombier');
  await page.getByRole('option', { name: /^plombier/i }).first().click();
  await page.getByLabel('Zone géographique').fill('Lyon');
  await page.getByRole('option', { name: /^Lyon/ }).first().click();
  await page.getByRole('button', { name: "Voir l'aperçu" }).click();
  await expect(page.getByText(/≈/).first()).toBeVisible({ timeout: 60_000 });
  // Masked on the server: the preview shows **** where contact data will be.
  await expect(page.getByText('****').first()).toBeVisible();
  await shot(page, 'bases-apercu');

  await page.getByLabel('Nom de la base').fill('Plombiers — Lyon');
  await page.getByRole('button', { name: 'Valider et générer' }).click();
  await expect(page).toHaveURL(/\/app\/bases\/\d+/);
  await expect(page.getByRole('progressbar').first()).toBeVisible();
  await shot(page, 'bases-generation');
  await expect(page.getByText('Prête').first()).toBeVisible({ timeout: 180_000 });
  // The rows are there: the table shows them, not a promise that they will come.
  await expect(page.getByRole('button', { name: 'Supprimer' }).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('apparaîtront ici dès la fin de la génération')).toHaveCount(0);
  await shot(page, 'bases-prete');

  // Enrichment follows on its own: a second progress bar, then what was found.
  const enrichment = page.getByRole('region', { name: 'Enrichissement des coordonnées' });
  await expect(enrichment.getByRole('progressbar')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'bases-enrichissement');
  await expect(enrichment.getByText('Terminé', { exact: true })).toBeVisible({ timeout: 180_000 });
  await expect(enrichment.getByText('Avec e-mail')).toBeVisible();
  await shot(page, 'bases-enrichie');
  // On a phone: the cards stack, nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 900 });
  await expect(enrichment.getByRole('progressbar')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await shot(page, 'bases-enrichie-mobile');
  await page.setViewportSize({ width: 1366, height: 900 });

  await page.getByLabel('Site web').selectOption({ label: 'Avec' });
  await expect(page).toHaveURL(/site|website/);
  await page.getByLabel('Nombre de lignes à débloquer').fill('20');
  await page.getByRole('button', { name: 'Débloquer les meilleures' }).click();
  await expect(page.getByText(/20 prospects débloqués/)).toBeVisible({ timeout: 20_000 });
  await shot(page, 'bases-debloquees');

  // Open a company: the detail panel names it.
  const firstName = page.locator('tbody tr').first().getByRole('button').first();
  const name = (await firstName.innerText()).trim();
  await firstName.click();
  const panel = page.getByRole('dialog');
  await expect(panel.getByRole('heading', { name })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  // An unlocked row shows what enrichment read on the company's own site, with its provenance.
  // (The organisation's canary companies, invented to trace leaks, have no sources: the first row
  // with an e-mail may be one of them, so look at the next ones too.)
  const withEmail = page.locator('tbody tr').filter({ hasText: '@' });
  let enriched = false;
  for (let i = 0; i < 4 && !enriched; i++) {
    await withEmail.nth(i).getByRole('button').first().click();
    await expect(panel.getByRole('heading', { level: 2 })).toBeVisible();
    await expect(panel.getByText(/Aucune source enregistrée|Site de l'entreprise ·|PagesJaunes/).first()).toBeVisible();
    enriched = (await panel.getByText(/Site de l'entreprise ·/).count()) > 0;
    if (!enriched) {
      await page.keyboard.press('Escape');
      await expect(panel).toBeHidden();
    }
  }
  await expect(panel.getByText(/Site de l'entreprise ·/).first()).toBeVisible();
  await shot(page, 'bases-fiche');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // Delete a row, find it in the bin, restore it.
  const row = page.locator('tbody tr').first();
  const rowName = (await row.getByRole('button').first().innerText()).trim();
  await row.getByRole('button', { name: /Supprimer/ }).click();
  await expect(page.locator('tbody').getByText(rowName, { exact: true })).toBeHidden();
  await page.getByRole('button', { name: /Corbeille/ }).click();
  await expect(page.locator('tbody').getByText(rowName, { exact: true })).toBeVisible();
  await shot(page, 'bases-corbeille');
  await page.locator('tbody tr').filter({ hasText: rowName }).getByRole('button', { name: /Restaurer/ }).click();
  await expect(page.locator('tbody').getByText(rowName, { exact: true })).toBeHidden();

  // Add a company by hand: a wrong SIRET is explained, a right one is accepted.
  await page.getByRole('button', { name: 'Ajouter une entreprise' }).click();
  const modal = page.getByRole('dialog');
  await modal.getByRole('textbox', { name: /^Nom/ }).fill('Toitures du Rhône');
  await modal.getByLabel('SIRET').fill('12345678901234');
  await modal.getByLabel(/Code postal/).fill('69003');
  await modal.getByLabel(/Ville/).fill('Lyon');
  await modal.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(modal.getByText(/SIRET invalide/)).toBeVisible();
  await shot(page, 'bases-siret-invalide');
  await modal.getByLabel('SIRET').fill('12002701600357');
  await modal.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Entreprise ajoutée')).toBeVisible();
  await shot(page, 'bases-ajout');
});

test('the databases list shows the prospects quota and the new base', async ({ page }) => {
  await signUp(page, uniqueEmail('liste'));
  await page.goto('/app/bases');
  await hydrated(page);
  await expect(page.getByText(/Prospects à débloquer/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nouvelle base' }).first()).toBeVisible();
  await shot(page, 'bases-vide');
});
