import { expect } from '@playwright/test';
import { hydrated, plumbersDatabase, shot, signUpUnverified, startCampaign, test, uniqueEmail, verifyEmail } from './helpers';

// Issue 16's first part, in the sandbox: the landing page's slider prices a volume and carries it
// through the sign-up; the subscription page preselects it; a tier is paid at the simulated
// checkout (the sandbox's Mollie), the webhook confirms it, the subscription is active with the
// period's quotas; unlocking prospects consumes them and the period's statement shows its lines
// (and downloads as a PDF), as the trial's shows what its unlocks and a campaign used; the payment is listed in "Factures" with its invoice, downloaded as a
// PDF.
// Subscribing needs the company's legal name and address first (its invoices name it).
test('offers: slider on the landing page, offer kept through sign-up, simulated checkout, active subscription', async ({ page }) => {
  // A database is generated and enriched on the way (the sandbox's web), as in the databases' journey.
  test.setTimeout(540_000);
  await page.goto('/#tarifs');
  await hydrated(page);
  const slider = page.getByTestId('volume-slider');
  await expect(page.getByTestId('plan-card')).toHaveCount(3);
  await slider.getByLabel('Entreprises contactées par mois').fill('1500');
  await expect(slider.getByTestId('volume-value')).toHaveText('1 500');
  const price = await slider.getByTestId('volume-price').innerText();
  await slider.getByLabel('Entreprises contactées par mois').fill('3000');
  await expect(slider.getByTestId('volume-price')).not.toHaveText(price);
  await slider.getByLabel('Entreprises contactées par mois').fill('1500');
  await expect(slider.getByTestId('volume-price')).toHaveText(price);
  await shot(page, 'tarifs-curseur');
  await slider.getByRole('link', { name: 'Commencer avec 1 500 contacts/mois' }).click();
  await expect(page).toHaveURL(/\/inscription\?contacts=1500/);
  await expect(page.getByTestId('picked-offer')).toContainText('1 500 entreprises contactées par mois');

  await signUpUnverified(page, uniqueEmail('abonnement'), { onTheForm: true });
  await verifyEmail(page);
  await page.goto('/app/abonnement');
  await hydrated(page);
  await expect(page.getByText('Mode bac à sable : les paiements sont simulés')).toBeVisible();
  // The volume picked before signing up is the slider's value here.
  await expect(page.getByTestId('volume-slider').getByTestId('volume-value')).toHaveText('1 500');
  await expect(page.getByRole('button', { name: 'Choisir 1 500 contacts/mois' })).toBeVisible();
  // Invoices name the company: its legal name and address come first.
  await expect(page.getByTestId('identity-needed')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Choisir Croissance' })).toBeDisabled();
  await shot(page, 'abonnement-choix');
  await page.getByRole('link', { name: "Compléter l'identité de l'entreprise" }).click();
  await expect(page).toHaveURL(/\/app\/parametres#entreprise/);
  await hydrated(page);
  await page.getByLabel('SIRET (ou SIREN)').fill('40483304800022');
  await page.getByLabel('Raison sociale').fill('Atelier Lefèvre SARL');
  await page.getByLabel('Adresse', { exact: true }).fill('4 place Bellecour');
  await page.getByLabel('Code postal', { exact: true }).fill('69002');
  await page.getByLabel('Ville', { exact: true }).fill('Lyon');
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByText("Informations de l'entreprise enregistrées.")).toBeVisible();

  // On the trial, unlocking and a campaign consume its quotas (the time before the subscription
  // has a statement of its own). Paused once it sent, so the subscription's pacing is not in play.
  const databaseId = await plumbersDatabase(page, 'Villeurbanne', 'Plombiers — Villeurbanne', 5);
  const databaseUrl = page.url();
  await startCampaign(page, databaseId, 'Plombiers — premier contact', /Plombiers — Villeurbanne/);
  await expect.poll(async () => Number(await page.getByTestId('sent-today').getAttribute('data-value')), { timeout: 180_000 }).toBeGreaterThanOrEqual(1);
  await page.getByTestId('run-toggle').click();
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'paused');

  await page.goto('/app/abonnement');
  await hydrated(page);
  await expect(page.getByTestId('identity-needed')).toHaveCount(0);

  await page.getByRole('article', { name: 'Croissance' }).getByRole('button', { name: 'Choisir Croissance' }).click();
  await expect(page).toHaveURL(/\/sandbox\/mollie\/checkout\/tr_/);
  await expect(page.getByRole('heading', { name: 'Paiement simulé' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Payer 358,80 €' })).toBeVisible();
  await page.getByLabel('Prélèvement SEPA').check();
  await shot(page, 'paiement-simule');
  await page.getByRole('button', { name: /^Payer/ }).click();

  await expect(page).toHaveURL(/\/app\/abonnement\?paiement=\d+/);
  await hydrated(page);
  const current = page.getByTestId('current-subscription');
  await expect(current).toBeVisible({ timeout: 30_000 });
  await expect(current.getByText('Croissance')).toBeVisible();
  await expect(current.getByText('Actif')).toBeVisible();
  await expect(current.getByText('400 entreprises contactées/mois')).toBeVisible();
  await expect(current.getByTestId('period-usage')).toContainText('0 sur 400 incluses');
  await shot(page, 'abonnement-actif');

  // Unlocking prospects consumes the month's quota: the period's statement shows the plan's
  // grant and the day's unlocks, against what the plan includes; the trial's shows its contacts.
  await page.goto(databaseUrl);
  await hydrated(page);
  await page.getByLabel('Nombre de lignes à débloquer').fill('5');
  await page.getByRole('button', { name: 'Débloquer les meilleures' }).click();
  await expect(page.getByText(/^5 prospects débloqués/).first()).toBeVisible({ timeout: 20_000 });
  await page.goto('/app/factures');
  await hydrated(page);
  const trialStatement = page.getByTestId('statement-row').filter({ hasText: "Avant l'abonnement" });
  await expect(trialStatement).toHaveCount(1);
  const statement = page.getByTestId('statement-row').filter({ hasText: 'Offre Croissance' });
  await expect(statement).toHaveCount(1);
  await expect(statement).toContainText('En cours');
  await expect(statement).toContainText('5 / 400');
  await statement.getByRole('link', { name: 'Voir', exact: true }).click();
  await expect(page).toHaveURL(/\/app\/factures\/releves\/\d+$/);
  await hydrated(page);
  await expect(page.getByTestId('statement-total').filter({ hasText: 'Prospects débloqués' })).toContainText('400');
  const lines = page.getByTestId('statement-line');
  await expect(lines.filter({ hasText: /Abonnement Croissance · du/ }).first()).toBeVisible();
  await expect(lines.filter({ hasText: '5 prospects débloqués' })).toContainText('−5');
  await shot(page, 'releve-periode');
  const [statementPdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Télécharger le relevé du .* \(PDF\)/ }).click(),
  ]);
  expect(statementPdf.suggestedFilename()).toMatch(/^releve-prospecta-\d+\.pdf$/);
  await page.goto('/app/factures/releves/essai');
  await hydrated(page);
  await expect(page.getByTestId('statement-line').filter({ hasText: /\d+ entreprises? contactées?/ })).toHaveCount(1);
  await expect(page.getByTestId('statement-line').filter({ hasText: '5 prospects débloqués' })).toHaveCount(1);
  await expect(page.getByTestId('statement-line').filter({ hasText: "Contacts d'essai" })).toContainText('+50');

  await page.goto('/app/factures');
  await hydrated(page);
  const row = page.getByTestId('payment-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('358,80');
  await expect(row).toContainText('Payé');
  // The payment's invoice, downloaded as a PDF.
  const invoice = page.getByTestId('invoice-row');
  await expect(invoice).toHaveCount(1);
  await expect(invoice).toContainText('F-000');
  await expect(invoice).toContainText('358,80');
  await expect(invoice).toContainText('Simulée');
  await shot(page, 'factures');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    invoice.getByRole('link', { name: /Télécharger facture F-\d{6} \(PDF\)/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^facture-F-\d{6}\.pdf$/);
  const pdf = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

  // The next month refused (the sandbox's renewal clock): a banner across the client area until
  // it is paid again at the checkout; then the month is credited and spread over the business
  // days left (the dashboard's pacing), and invoiced.
  await page.goto('/app/abonnement');
  await hydrated(page);
  await page.getByTestId('sandbox-renewal-clock').getByRole('button', { name: 'Simuler un prélèvement refusé' }).click();
  const banner = page.getByTestId('late-payment-banner');
  await expect
    .poll(
      async () => {
        await page.goto('/app/abonnement');
        await hydrated(page);
        return page.getByTestId('late-charge').count();
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(1);
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("Paiement de l'abonnement refusé");
  await expect(page.getByTestId('late-charge')).toBeVisible();
  await page.goto('/app');
  await hydrated(page);
  await expect(banner).toBeVisible();
  await shot(page, 'paiement-en-retard');
  await banner.getByRole('link', { name: 'Régulariser le paiement' }).click();
  await expect(page).toHaveURL(/\/app\/abonnement/);
  await hydrated(page);
  await page.getByTestId('late-charge').getByRole('button', { name: 'Régulariser le paiement' }).click();
  await expect(page).toHaveURL(/\/sandbox\/mollie\/checkout\/tr_/);
  await page.getByRole('button', { name: /^Payer/ }).click();
  await expect(page).toHaveURL(/\/app\/abonnement\?paiement=\d+/);
  await expect
    .poll(
      async () => {
        await page.goto('/app/abonnement');
        await hydrated(page);
        return (await banner.count()) === 0 && (await page.getByTestId('late-charge').count()) === 0;
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(true);
  await expect(current.getByText('Actif')).toBeVisible();
  await page.goto('/app');
  await hydrated(page);
  await expect(page.getByTestId('pacing-chart')).toBeVisible();
  await expect(page.getByTestId('pacing-summary')).toContainText(/Aujourd'hui : \d+ sur \d+ prévus|Aucun premier contact prévu aujourd'hui/);
  await shot(page, 'rythme-abonnement');
  await page.goto('/app/factures');
  await hydrated(page);
  await expect(page.getByTestId('invoice-row')).toHaveCount(2);

  // Changing plan mid-period: the prorated difference is quoted, confirmed, charged on the
  // mandate; the subscription then shows the new plan.
  await page.goto('/app/abonnement');
  await hydrated(page);
  await page.getByTestId('change-plan').getByRole('button', { name: "Changer d'offre" }).click();
  await page.getByTestId('change-plan').getByRole('button', { name: 'Passer à Performance' }).click();
  const quote = page.getByRole('dialog', { name: "Changer d'offre" });
  await expect(quote.getByTestId('change-quote')).toContainText('seront prélevés maintenant');
  await shot(page, 'changement-offre');
  await quote.getByRole('button', { name: 'Confirmer le changement' }).click();
  await expect
    .poll(
      async () => {
        await page.goto('/app/abonnement');
        await hydrated(page);
        return current.getByText('Performance', { exact: true }).count();
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(1);

  // A credit pack, paid once at the checkout, listed with the charges.
  await page.goto('/app/abonnement');
  await hydrated(page);
  await page.getByTestId('credit-packs').getByRole('button', { name: 'Acheter la recharge +100 entreprises contactées' }).click();
  await expect(page).toHaveURL(/\/sandbox\/mollie\/checkout\/tr_/);
  await expect(page.getByText('Prospecta · recharge +100 entreprises contactées')).toBeVisible();
  await page.getByRole('button', { name: /^Payer/ }).click();
  await expect(page).toHaveURL(/\/app\/abonnement\?paiement=\d+/);
  await expect
    .poll(
      async () => {
        await page.goto('/app/factures');
        await hydrated(page);
        return page.getByTestId('payment-row').filter({ hasText: 'recharge +100 entreprises contactées' }).filter({ hasText: 'Payé' }).count();
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(1);

  // Without commitment: cancelled, it stays active until the end of the period paid for.
  await page.goto('/app/abonnement');
  await hydrated(page);
  await page.getByRole('button', { name: "Résilier l'abonnement" }).click();
  const dialog = page.getByRole('dialog', { name: "Résilier l'abonnement" });
  await expect(dialog).toContainText('restera actif jusqu');
  await dialog.getByRole('button', { name: 'Confirmer la résiliation' }).click();
  await expect(page.getByText(/Abonnement résilié : il reste actif jusqu'au \d{2}\/\d{2}\/\d{4} inclus/)).toBeVisible();
  await expect(current.getByText(/Résilié : votre abonnement reste actif jusqu'au/)).toBeVisible();
  await expect(page.getByRole('button', { name: "Résilier l'abonnement" })).toHaveCount(0);
  await shot(page, 'abonnement-resilie');
  await page.setViewportSize({ width: 375, height: 900 });
  await page.goto('/app/abonnement');
  await hydrated(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
