import { expect, Page } from '@playwright/test';
import { hydrated, shot, signUp, test, uniqueEmail } from './helpers';

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

// The wizard answered by the form, step by step (one skipped, then answered), the profile shown,
// the first offer made from it, a second offer created and switched to: its lists start empty.
test('onboarding by the form, the profile, the first offer and a second one', async ({ page }) => {
  await signUp(page, uniqueEmail('demarrage'));
  const recall = page.getByTestId('onboarding-recall');
  await expect(recall).toContainText('Terminez la configuration de votre compte');
  await recall.getByRole('link', { name: 'Reprendre la configuration' }).click();
  await expect(page).toHaveURL(/\/app\/demarrage\?etape=company/);
  const steps = page.getByRole('navigation', { name: 'Étapes de la configuration' });
  await expect(steps.locator('[aria-current="step"]')).toContainText('Entreprise');

  // Company and person: the settings' own cards, confirmed.
  await expect(page.getByLabel('Nom commercial')).toHaveValue('Plomberie Martin');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page).toHaveURL(/etape=person/);
  await expect(page.getByLabel('Prénom')).toHaveValue('Camille');
  await page.getByRole('button', { name: 'Continuer' }).click();

  // Activity: a missing answer is explained in place, then the step is saved.
  await expect(page).toHaveURL(/etape=activity/);
  await page.getByLabel('Votre métier').fill('Plombier chauffagiste');
  await page.getByLabel('Ce que vous vendez').fill("Dépannage et entretien de chaudières\nRénovation de salles de bains");
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await expect(page.getByText('La description de vos clients est obligatoire.')).toBeVisible();
  await page.getByLabel('À qui').fill('Syndics de copropriété de la métropole lyonnaise');
  await page.getByLabel('Votre modèle économique').selectOption('recurring');
  await page.getByLabel('Fourchette de prix').fill('De 150 € à 8 000 € HT');
  await shot(page, 'onboarding-activity');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

  // Arguments: skipped for now, recalled, answered at the end.
  await expect(page).toHaveURL(/etape=arguments/);
  await page.getByRole('button', { name: 'Passer cette étape' }).click();
  await expect(page).toHaveURL(/etape=style/);
  await page.getByLabel('Ton des messages').selectOption('formal');
  await page.getByLabel("Ce qu'il ne faut jamais promettre").fill("Un prix sans visite sur place.");
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

  await expect(page).toHaveURL(/etape=objective/);
  await page.getByLabel('Faire visiter une page de votre site').check();
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await expect(page.getByText("L'adresse de la page à faire visiter est obligatoire.")).toBeVisible();
  await page.getByLabel('Obtenir un rendez-vous').check();
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

  // The profile, with the skipped step still to answer.
  await expect(page).toHaveURL(/etape=recapitulatif/);
  const profile = page.getByTestId('business-profile');
  await expect(profile).toContainText('Il reste 1 étape(s) à compléter');
  await profile.getByRole('link', { name: 'Arguments' }).click();
  await expect(page).toHaveURL(/etape=arguments/);
  await page.getByLabel('Ce qui vous distingue').fill('Intervention en 2 heures, artisans certifiés RGE.');
  await page.getByLabel('Objection 1').fill("C'est trop cher");
  await page.getByLabel('Votre réponse 1').fill('Le devis est gratuit et le prix ferme.');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await expect(page).toHaveURL(/etape=style/);
  await page.goto('/app/demarrage?etape=recapitulatif');
  await hydrated(page);
  await expect(profile).toContainText('Votre profil est complet');
  await expect(profile).toContainText('Syndics de copropriété de la métropole lyonnaise');
  await expect(profile).toContainText('Obtenir un rendez-vous');
  await expect(profile).toContainText('Le devis est gratuit et le prix ferme.');
  await shot(page, 'onboarding-profile');

  // The first offer, made from the profile.
  await profile.getByRole('link', { name: 'Voir mes offres' }).click();
  await expect(page).toHaveURL(/\/app\/offres$/);
  const offers = page.getByRole('list', { name: 'Vos offres' });
  const first = offers.getByRole('listitem').filter({ hasText: 'Dépannage et entretien de chaudières' });
  await expect(first).toContainText('Offre en cours');
  await expect(first).toContainText('Obtenir un rendez-vous');
  await expect(first).toContainText('Soutenu');

  // A second offer, aimed at a landing page.
  await page.getByRole('button', { name: 'Nouvelle offre' }).click();
  const panel = page.getByRole('dialog', { name: 'Nouvelle offre' });
  await panel.getByLabel("Nom de l'offre").fill('Interventions d’urgence nocturnes');
  await panel.getByLabel('Secteur ciblé').fill('Commerces de bouche');
  await panel.getByLabel('Zone ciblée').fill('Lyon et 20 km autour');
  await panel.getByLabel('Faire visiter une page de votre site').check();
  await panel.getByLabel('Adresse de la page à faire visiter').fill('www.plomberie-martin.fr/urgences');
  await panel.getByRole('button', { name: "Créer l'offre" }).click();
  await expect(page.getByText('Offre créée.')).toBeVisible();
  const second = offers.getByRole('listitem').filter({ hasText: 'Interventions d’urgence nocturnes' });
  await expect(second).toContainText('Faire visiter https://www.plomberie-martin.fr/urgences');
  await expect(second).toContainText('0 base · 0 campagne');

  // Its prompts, written by the prompt agent from the profile and the offer, then edited: the
  // new version is in use and its changes are shown against the one before.
  await second.getByRole('link', { name: 'Prompts des agents' }).click();
  await expect(page).toHaveURL(/\/app\/offres\/\d+\/prompts$/);
  const promptsPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { name: 'Prompts de « Interventions d’urgence nocturnes »' })).toBeVisible();
  await page.getByRole('button', { name: 'Générer les prompts' }).click();
  await expect(page.getByText('Prompts écrits par l\'agent de prompts.')).toBeVisible();
  const conversation = page.getByTestId('prompt-conversation');
  await expect(conversation).toContainText('Version 1 · Agent de prompts');
  await expect(conversation).toContainText('Faire visiter https://www.plomberie-martin.fr/urgences');
  await expect(conversation).toContainText('Ne promets jamais : Un prix sans visite sur place.');
  await conversation.getByRole('button', { name: 'Modifier' }).click();
  const editor = conversation.getByLabel('Prompt');
  await editor.fill('');
  await conversation.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(conversation.getByText('Le prompt est obligatoire.')).toBeVisible();
  await editor.fill('Tu réponds aux commerces de bouche de Lyon.\nPropose toujours un rappel sous 24 heures.');
  await conversation.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
  await expect(page.getByText('Nouvelle version enregistrée et mise en service.')).toBeVisible();
  await expect(conversation).toContainText('Version 2 · Camille Martin');
  await conversation.getByText('Historique (2 versions)').click();
  await conversation.getByRole('button', { name: 'Voir les changements' }).first().click();
  const diff = conversation.getByTestId('diff');
  await expect(diff.locator('ins')).toContainText(['+ Tu réponds aux commerces de bouche de Lyon.', '+ Propose toujours un rappel sous 24 heures.']);
  await expect(diff.locator('del').first()).toContainText('Tu réponds par e-mail');
  // How the agent's replies leave: the default, then "always approve", kept after a reload.
  const sending = page.getByTestId('reply-sending');
  await expect(sending.getByLabel('Valider les 10 premières réponses, puis envoi automatique')).toBeChecked();
  await sending.getByLabel("Toujours valider avant l'envoi").check();
  await expect(page.getByText("Chaque réponse de l'agent attendra votre validation.")).toBeVisible();
  await shot(page, 'prompts');
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('reply-sending').getByLabel("Toujours valider avant l'envoi")).toBeChecked();
  await page.getByRole('link', { name: 'Offres' }).first().click();
  await expect(page).toHaveURL(/\/app\/offres$/);

  // Working in it: the switcher follows, and its databases start empty.
  await second.getByRole('button', { name: 'Travailler dans cette offre' }).click();
  await expect(second).toContainText('Offre en cours');
  const switcher = page.getByRole('combobox', { name: 'Offre en cours' });
  await expect(switcher.locator('option:checked')).toHaveText('Interventions d’urgence nocturnes');
  await shot(page, 'offers');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Bases de données' }).click();
  await expect(page).toHaveURL(/\/app\/bases$/);
  await expect(page.getByText('Aucune base pour le moment')).toBeVisible();
  // Back to the first offer from the frame's switcher.
  await switcher.selectOption({ label: 'Dépannage et entretien de chaudières' });
  await expect(page.getByText('Offre changée')).toBeVisible();

  await page.setViewportSize({ width: 375, height: 800 });
  for (const path of ['/app/offres', promptsPath, '/app/demarrage?etape=recapitulatif', '/app/demarrage?etape=objective']) {
    await page.goto(path);
    await hydrated(page);
    await noSidewaysScroll(page);
  }
  await shot(page, 'onboarding-objective-375');
  await page.goto('/app/offres');
  await hydrated(page);
  await shot(page, 'offers-375');
  await page.goto(promptsPath);
  await hydrated(page);
  await shot(page, 'prompts-375');
});

// The questionnaire answered through the chat: one question at a time, the profile filling in
// beside it, half the answers at 1366 px and half at 375 px, a field corrected in place (refused
// empty, then saved), the profile shown, and the chat reopened as it was.
test('onboarding through the chat with the assistant, a field corrected beside it', async ({ page }) => {
  await signUp(page, uniqueEmail('discussion'));
  await page.goto('/app/demarrage?etape=activity');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Façon de répondre' }).getByRole('link', { name: "Discussion avec l'assistant" }).click();
  await expect(page).toHaveURL(/etape=discussion/);
  const log = page.getByRole('log', { name: 'Messages' });
  await expect(log).toContainText('Quel est votre métier ?');
  const profile = page.getByTestId('chat-profile');
  await expect(profile.locator('[data-field="activity"]')).toContainText('À compléter');
  const box = page.getByLabel("Votre réponse à l'assistant");
  const answer = async (text: string, nextQuestion: string) => {
    await box.fill(text);
    await box.press('Enter');
    await expect(log.locator('li[data-author="agent"]').last()).toContainText(nextQuestion);
    await expect(box).toHaveValue('');
  };
  await answer('Je suis plombier chauffagiste.', 'Que vendez-vous');
  const activity = profile.locator('[data-field="activity"]');
  await expect(activity).toContainText('Plombier chauffagiste');
  await expect(activity).toContainText('Nouveau');
  await expect(log.locator('li[data-author="agent"]').last()).toContainText('Rempli : Métier');
  await answer('Dépannage et entretien de chaudières', 'À qui vendez-vous');
  await answer('Syndics de copropriété de la métropole lyonnaise', 'prestations ponctuelles');
  await answer("Surtout des contrats d'entretien", 'fourchette de prix');
  await expect(profile.locator('[data-field="business_model"]')).toContainText('Contrats récurrents ou abonnements');
  await expect(page.getByRole('navigation', { name: 'Étapes de la configuration' })).toContainText('1 étape(s) sur 6 terminée(s)');
  await shot(page, 'onboarding-chat');

  await page.setViewportSize({ width: 375, height: 800 });
  await answer('De 150 € à 8 000 € HT', 'distingue');
  await answer('Intervention en 2 heures, artisans certifiés RGE', 'objections');
  await answer("C'est trop cher → Le devis est gratuit", 'Quel ton');
  await answer('Cordial et professionnel', 'préférences commerciales');
  await answer('Je ne sais pas', 'jamais promettre');
  await expect(profile.locator('[data-field="preferences"]')).toContainText('À compléter');
  await answer('Un prix sans visite', "qu'attendez-vous d'un prospect");
  await answer('Un rendez-vous sur place', 'Votre profil est prêt');
  await noSidewaysScroll(page);
  await shot(page, 'onboarding-chat-375');

  // Corrected beside the chat, by the form's rules.
  const tone = profile.locator('[data-field="tone"]');
  await tone.getByRole('button', { name: 'Corriger : Ton' }).click();
  await tone.getByLabel('Ton', { exact: true }).selectOption('direct');
  await tone.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Correction enregistrée.')).toBeVisible();
  await expect(tone).toContainText('Direct et concis');
  await activity.getByRole('button', { name: 'Corriger : Métier' }).click();
  await activity.getByLabel('Métier', { exact: true }).fill(' ');
  await activity.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(activity.getByText('Le métier est obligatoire.')).toBeVisible();
  await activity.getByLabel('Métier', { exact: true }).fill('Plombier chauffagiste RGE');
  await activity.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(activity).toContainText('Plombier chauffagiste RGE');
  const preferences = profile.locator('[data-field="preferences"]');
  await preferences.getByRole('button', { name: 'Compléter : Préférences commerciales' }).click();
  await preferences.getByLabel('Préférences commerciales').fill('Rendez-vous le matin');
  await preferences.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(preferences).toContainText('Rendez-vous le matin');
  await noSidewaysScroll(page);

  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByRole('link', { name: 'Voir le récapitulatif' }).click();
  await expect(page).toHaveURL(/etape=recapitulatif/);
  const recap = page.getByTestId('business-profile');
  await expect(recap).toContainText('Il reste 2 étape(s) à compléter');
  await expect(recap).toContainText('Plombier chauffagiste RGE');
  await expect(recap).toContainText('Direct et concis');
  await expect(recap).toContainText('Le devis est gratuit');
  await expect(recap).toContainText('Obtenir un rendez-vous');

  // Reopened, the chat is where it stopped.
  await page.goto('/app/demarrage?etape=discussion');
  await hydrated(page);
  await expect(log.locator('li[data-author="client"]')).toHaveCount(11);
  await expect(log.locator('li[data-author="client"]').first()).toContainText('Je suis plombier chauffagiste.');
  await expect(page.getByText('Votre profil est prêt. Relisez-le')).toBeVisible();
});
