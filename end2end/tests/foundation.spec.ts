import { expect } from '@playwright/test';
import { hydrated, logIn, PASSWORD, prospecta, shot, signUp, signUpUnverified, test, uniqueEmail, verifyEmail } from './helpers';

test('the landing page presents the product and leads to sign-up', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /Créer mon compte/ }).first()).toHaveAttribute('href', '/inscription');
  await shot(page, 'landing');
});

test('the public pages rendered by the server also open by navigating inside the app', async ({ page }) => {
  // The landing's sections and the legal prose are HTML the server renders; the bundle never
  // builds them. Hydration keeps them, and links inside them navigate without a reload.
  await page.goto('/');
  await hydrated(page);
  const heading = page.getByRole('heading', { level: 1 });
  const title = await heading.innerText();
  await page.getByRole('link', { name: /Créer mon compte/ }).first().click();
  await expect(page).toHaveURL(/\/inscription$/);
  await expect(page.getByLabel('Adresse e-mail professionnelle')).toBeVisible();
  // Back to the landing page and on to the terms, both drawn in the browser this time: their
  // content comes from the server.
  await page.goBack();
  await expect(heading).toHaveText(title);
  await page.getByRole('contentinfo').getByRole('link', { name: "Conditions générales d'utilisation" }).click();
  await expect(page).toHaveURL(/\/cgu$/);
  await expect(page.getByRole('heading', { name: '1. Objet' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '1. Objet' })).toHaveCount(1);
});

test('sign up opens the onboarding wizard, then the dashboard recalls it', async ({ page }) => {
  await signUpUnverified(page, uniqueEmail('inscription'));
  await expect(page).toHaveURL(/\/app\/demarrage\?bienvenue=1/);
  await expect(page.getByRole('heading', { name: 'Configurons votre prospection' })).toBeVisible();
  // Until the address is confirmed, a banner says what waits for it and how to get the mail.
  const banner = page.getByTestId('verification-banner');
  await expect(banner).toContainText('Confirmez votre adresse e-mail.');
  await expect(banner.getByRole('button', { name: "Renvoyer l'e-mail" })).toBeVisible();
  await shot(page, 'dashboard-unverified');
  await verifyEmail(page);
  await expect(page.getByRole('heading', { name: /Bonjour Camille/ })).toBeVisible();
  await expect(page.getByTestId('onboarding-recall')).toContainText('Terminez la configuration de votre compte');
  await expect(page.getByText('Mode démonstration (sandbox)')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Bases de données' })).toBeVisible();
  await shot(page, 'dashboard');
});

test('a wrong password shows the French error', async ({ page }) => {
  const email = uniqueEmail('mauvais');
  await signUp(page, email);
  await page.context().clearCookies();
  await logIn(page, email, 'pas-le-bon-mot-de-passe');
  await expect(page.getByRole('alert')).toContainText('E-mail ou mot de passe incorrect.');
  await expect(page).toHaveURL(/\/connexion/);
  await shot(page, 'login-wrong-password');
});

test('bad sign-up input is explained field by field', async ({ page }) => {
  await page.goto('/inscription');
  await hydrated(page);
  await page.getByLabel('Prénom').fill('Camille');
  await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Martin');
  await page.getByLabel('Entreprise').fill('Plomberie Martin');
  await page.getByLabel('Adresse e-mail professionnelle').fill(uniqueEmail('court'));
  await page.getByLabel('Mot de passe').fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByText('Le mot de passe doit contenir au moins 10 caractères.')).toBeVisible();
  await expect(page.getByLabel('Mot de passe')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'signup-short-password');
});

test('logout ends the session', async ({ page }) => {
  await signUp(page, uniqueEmail('deconnexion'));
  await hydrated(page);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await expect(page.getByText('Vous êtes déconnecté')).toBeVisible();
  await page.goto('/app');
  await expect(page).toHaveURL(/\/connexion\?suivant=/);
  await shot(page, 'logged-out');
});

test('a client opening /admin gets the 403 page', async ({ page }) => {
  await signUp(page, uniqueEmail('client'));
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Accès refusé' })).toBeVisible();
  await shot(page, 'admin-forbidden');
  for (const path of ['/admin/indicateurs', '/admin/journal', '/admin/taches', '/admin/courriels', '/admin/offres']) {
    expect((await page.goto(path))?.status(), path).toBe(403);
  }
});

test('an admin created with `prospecta admin create` reaches /admin', async ({ page }) => {
  const email = uniqueEmail('admin');
  expect(prospecta('admin', 'create', '--email', email, '--password', PASSWORD)).toContain('agency admin created');
  await logIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/app/);
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: "Vue d'ensemble" })).toBeVisible();
  await expect(page.getByText('Organisations clientes')).toBeVisible();
  await shot(page, 'admin-overview');

  // The platform's indicators: the clients signed up by the journeys (the agency left out),
  // the recurring revenue, the activity chart and every client's funnel.
  await page.goto('/admin/indicateurs');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Indicateurs' })).toBeVisible();
  const kpis = page.getByTestId('platform-kpis');
  await expect(kpis).toContainText('Revenu mensuel récurrent');
  await expect(kpis).toContainText(/Clients[1-9]/);
  await expect(page.getByTestId('platform-success').getByRole('listitem')).toHaveCount(6);
  await expect(page.locator('canvas[role="img"]')).toHaveCount(1);
  // The map: Leaflet draws the offline base layer, then one circle per commune listed.
  const map = page.getByTestId('clients-map');
  await expect(map.locator('.leaflet-overlay-pane path').first()).toBeVisible();
  const communes = await page.getByTestId('clients-map-list').getByRole('listitem').count();
  await expect(map.locator('path.leaflet-interactive')).toHaveCount(communes);
  await shot(page, 'admin-indicateurs');

  // The audit log of the back office's actions.
  await page.goto('/admin/journal');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Journal' })).toBeVisible();
  await expect(page.getByTestId('admin-journal').or(page.getByText("Aucune action pour l'instant"))).toBeVisible();
});

test('password reset through the sandbox mail sink', async ({ page, browser }) => {
  const email = uniqueEmail('oubli');
  await signUp(page, email);
  await page.context().clearCookies();
  await page.goto('/mot-de-passe-oublie');
  await hydrated(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir le lien' }).click();
  await expect(page.getByText('Si un compte existe avec cette adresse')).toBeVisible();

  // The agency reads the sandbox mail sink to follow the link.
  const adminEmail = uniqueEmail('admin-courriels');
  prospecta('admin', 'create', '--email', adminEmail, '--password', PASSWORD);
  const admin = await browser.newPage();
  await logIn(admin, adminEmail, PASSWORD);
  await expect(admin).toHaveURL(/\/app/);
  let link: string | null = null;
  for (let i = 0; i < 20 && !link; i++) {
    await admin.goto('/admin/courriels');
    const anchor = admin.locator("li", { hasText: email }).locator(`a[href*="/reinitialiser-mot-de-passe?jeton="]`).first();
    if (await anchor.count()) link = await anchor.getAttribute('href');
    else await admin.waitForTimeout(500);
  }
  expect(link).toBeTruthy();
  await shot(admin, 'admin-mails');

  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await hydrated(page);
  await page.getByLabel('Nouveau mot de passe').fill('nouveau-mot-de-passe');
  await page.getByLabel('Confirmez le mot de passe').fill('nouveau-mot-de-passe');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Votre mot de passe a été modifié')).toBeVisible();
  await logIn(page, email, 'nouveau-mot-de-passe');
  await expect(page).toHaveURL(/\/app/);
});

test('the guided tour opens on the first dashboard visit, walks the sections and comes back from the help menu', async ({ page }) => {
  await signUpUnverified(page, uniqueEmail('visite'));
  await verifyEmail(page, { keepTour: true });
  const tour = page.getByTestId('guided-tour');
  await expect(tour).toContainText('Bienvenue dans Prospecta');
  await expect(tour).toContainText('1 sur 6');
  await tour.getByRole('button', { name: 'Suivant' }).click();
  await expect(tour).toContainText('Vos offres');
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await expect(nav.getByRole('link', { name: 'Offres' })).toHaveAttribute('data-tour-highlight', 'true');
  await shot(page, 'tour');
  await tour.getByRole('button', { name: 'Suivant' }).click();
  await expect(nav.getByRole('link', { name: 'Bases de données' })).toHaveAttribute('data-tour-highlight', 'true');
  await expect(nav.getByRole('link', { name: 'Offres' })).not.toHaveAttribute('data-tour-highlight', 'true');
  await tour.getByRole('button', { name: 'Précédent' }).click();
  await expect(tour).toContainText('Vos offres');
  for (let i = 0; i < 4; i++) await tour.getByRole('button', { name: 'Suivant' }).click();
  await expect(tour).toContainText('6 sur 6');
  await tour.getByRole('button', { name: 'Terminer' }).click();
  await expect(tour).toHaveCount(0);
  await page.waitForLoadState('networkidle');

  // Seen: it does not open again by itself, even after a reload.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: /Bonjour Camille/ })).toBeVisible();
  await expect(tour).toHaveCount(0);
  // The help menu opens it again, on a small screen too.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByRole('button', { name: 'Aide' }).click();
  await page.getByRole('button', { name: 'Revoir la visite guidée' }).click();
  await expect(tour).toContainText('Bienvenue dans Prospecta');
  await tour.getByRole('button', { name: 'Suivant' }).click();
  await expect(tour).toContainText('Dans le menu, en haut à gauche.');
  await shot(page, 'tour-375');
  await tour.getByRole('button', { name: 'Passer la visite' }).click();
  await expect(tour).toHaveCount(0);
});
