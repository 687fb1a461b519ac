import { expect } from '@playwright/test';
import { hydrated, shot, test } from './helpers';

// The right to object works without an account: a damaged link is explained, and an address
// typed on the page is recorded.
test('the public opposition page records an objection without an account', async ({ page }) => {
  await page.goto('/opposition?jeton=abimé.xyz');
  await hydrated(page);
  await expect(page.getByText("Ce lien n'est plus valable")).toBeVisible();
  await page.goto('/opposition');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Vous ne serez plus contacté' })).toBeVisible();
  await page.getByLabel('Adresse e-mail').fill('pas-une-adresse');
  await page.getByRole('button', { name: "M'opposer pour cette adresse" }).click();
  await expect(page.getByText(/Adresse e-mail invalide/)).toBeVisible();
  await page.getByLabel('Adresse e-mail').fill('Gerant@Dupont-Plomberie.fr');
  await page.getByRole('button', { name: "M'opposer pour cette adresse" }).click();
  await expect(page.getByText('Opposition enregistrée pour g***@dupont-plomberie.fr.')).toBeVisible();
  await shot(page, 'opposition');
  // On a phone: readable, nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 900 });
  await expect(page.getByRole('heading', { name: 'Vous ne serez plus contacté' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await shot(page, 'opposition-mobile');
});
