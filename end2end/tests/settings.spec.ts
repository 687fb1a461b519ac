import { expect } from '@playwright/test';
import { hydrated, PASSWORD, shot, signUp, test, uniqueEmail } from './helpers';

// The settings page is a lazy route: reached by navigation inside the app, its chunk of the
// bundle is fetched then; opened directly, the server preloads it and the page hydrates.
test('settings: the name is changed, then the password, with its refusals explained', async ({ page }) => {
  await signUp(page, uniqueEmail('parametres'));
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Paramètres' }).click();
  await expect(page).toHaveURL(/\/app\/parametres$/);
  await expect(page.getByLabel('Prénom')).toHaveValue('Camille');

  await page.getByLabel('Prénom').fill('Claire');
  // Saved: the frame and the page are drawn again with the new name.
  await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
  await expect(page.getByText('Profil enregistré.')).toBeVisible();
  await expect(page.getByText('Claire Martin').first()).toBeVisible();
  await expect(page.getByLabel('Prénom')).toHaveValue('Claire');

  const current = page.getByLabel('Mot de passe actuel');
  await current.fill('pas-le-bon-mot-de-passe');
  await page.locator('input[name="password"]').fill('nouveau-secret-42');
  await page.getByLabel('Confirmez le nouveau mot de passe').fill('nouveau-secret-42');
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await expect(page.getByText('Mot de passe actuel incorrect.')).toBeVisible();

  await current.fill(PASSWORD);
  await page.getByLabel('Confirmez le nouveau mot de passe').fill('nouveau-secret-43');
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await expect(page.getByText('Les deux mots de passe ne correspondent pas.')).toBeVisible();

  await page.getByLabel('Confirmez le nouveau mot de passe').fill('nouveau-secret-42');
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await expect(page.getByText('Mot de passe modifié. Vos autres sessions ont été fermées.')).toBeVisible();
  await expect(current).toHaveValue('');

  // The organisation's identity, from the company register by its SIREN.
  await page.getByLabel('SIRET (ou SIREN)').fill('404 833 048');
  await page.getByRole('button', { name: 'Rechercher au registre' }).click();
  await expect(page.getByText('Trouvée au registre : vérifiez les informations, puis enregistrez.')).toBeVisible();
  await expect(page.getByLabel('SIRET (ou SIREN)')).toHaveValue(/^404833048\d{5}$/);
  await expect(page.getByText('FR83404833048')).toBeVisible();
  await expect(page.getByLabel('Raison sociale')).not.toHaveValue('');
  await page.getByLabel('Nom commercial').fill('Martin & fils');
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByText("Informations de l'entreprise enregistrées.")).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Martin & fils');
  await expect(page.getByLabel('Nom commercial')).toHaveValue('Martin & fils');
  await expect(page.getByLabel('SIRET (ou SIREN)')).toHaveValue(/^404833048\d{5}$/);
  await shot(page, 'settings');

  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Mot de passe' })).toBeVisible();
  await shot(page, 'settings-375');
});

test('closing an account asks for the password, then erases it and says so', async ({ page }) => {
  const email = uniqueEmail('fermeture');
  await signUp(page, email);
  await page.goto('/app/parametres');
  await hydrated(page);
  await page.getByRole('button', { name: 'Fermer mon compte…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Fermer votre compte' });
  await dialog.getByLabel('Votre mot de passe, pour confirmer').fill('pas-le-bon-mot-de-passe');
  await dialog.getByRole('button', { name: 'Fermer définitivement' }).click();
  await expect(dialog.getByText('Mot de passe actuel incorrect.')).toBeVisible();
  await shot(page, 'settings-close-account');
  await dialog.getByLabel('Votre mot de passe, pour confirmer').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Fermer définitivement' }).click();
  await expect(page).toHaveURL(/\/connexion\?compte-ferme=1/);
  await expect(page.getByText('Votre compte est fermé et ses données sont effacées.')).toBeVisible();
  await page.goto('/app');
  await expect(page).toHaveURL(/\/connexion/);
});
