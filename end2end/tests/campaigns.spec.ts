import { expect, Page } from '@playwright/test';
import { hydrated, plumbersDatabase, sendAroundTheClock, shot, signUp, test, uniqueEmail } from './helpers';

/** A live counter's raw value (its `data-value`). */
async function counter(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(id).getAttribute('data-value'));
}

/** Contacts made or failed so far: what moves when the campaign works. */
async function progress(page: Page): Promise<number> {
  return (await counter(page, 'sent-today')) + (await counter(page, 'failures-total'));
}

// The outreach journey in sandbox mode: a real database of the simulated web, a campaign with two
// variants, PLAY → the form engine (Debian's Chromium) fills the simulated company sites' forms →
// the counters move live → PAUSE stops them → PLAY again → statuses and failures in the table →
// per-variant figures.
test('campaign with two variants: play, live counters, pause, play, statuses, variant stats', async ({ page }) => {
  test.setTimeout(600_000);
  await signUp(page, uniqueEmail('campagnes'));

  // A validated database of Villeurbanne plumbers, enriched, 15 rows unlocked.
  const databaseId = await plumbersDatabase(page, 'Villeurbanne', 'Plombiers — Villeurbanne', 15);
  const databaseUrl = page.url();

  // The campaign: two variants (prefilled), every hour of every day so the test runs any time.
  await page.goto(`/app/campagnes/nouvelle?base=${databaseId}`);
  await hydrated(page);
  await page.getByLabel('Nom de la campagne').fill('Plombiers — premier contact');
  await expect(page.getByLabel(/Plombiers — Villeurbanne/)).toBeChecked();
  // The message studio: each message previewed for a real unlocked prospect of the base, the
  // writer's three variants put in A, B and C, then C removed: two variants are saved.
  const previewA = page.getByRole('group', { name: /^Message A/ }).getByTestId('apercu');
  await expect(previewA).toContainText('Aperçu pour ');
  await expect(previewA).not.toContainText('{{societe}}');
  await page.getByRole('button', { name: 'Proposer 3 variantes' }).click();
  const proposals = page.getByRole('region', { name: 'Variantes proposées' });
  await expect(proposals.getByRole('listitem')).toHaveCount(3);
  await page.setViewportSize({ width: 375, height: 800 });
  await shot(page, 'campagne-variantes-375');
  await page.setViewportSize({ width: 1366, height: 900 });
  const proposedA = await proposals.getByRole('listitem').first().locator('p').nth(1).innerText();
  await proposals.getByRole('button', { name: 'Utiliser ces 3 variantes' }).click();
  await expect(page.getByRole('group', { name: /^Message A/ }).getByLabel('Objet')).toHaveValue(proposedA);
  await expect(page.getByRole('group', { name: /^Message C/ })).toBeVisible();
  await page.getByRole('button', { name: 'Retirer la variante C' }).click();
  await expect(page.getByRole('group', { name: /^Message C/ })).toHaveCount(0);
  await shot(page, 'campagne-studio');
  // A variable that does not exist is refused as you type.
  const messageA = page.getByRole('group', { name: /^Message A/ }).getByRole('textbox', { name: /^Message/ });
  const original = await messageA.inputValue();
  await messageA.fill('Bonjour {{socite}}, un échange ?');
  await expect(page.getByText(/Variable inconnue/).first()).toBeVisible();
  // Each writing advice says why.
  await page.getByRole('group', { name: /^Message A/ }).getByText('Pourquoi ?').first().click();
  await expect(page.getByText('Un message trop court ressemble à un envoi automatique').first()).toBeVisible();
  await shot(page, 'campagne-variable-inconnue');
  await messageA.fill(original);
  await sendAroundTheClock(page);
  await shot(page, 'campagne-nouvelle');
  await page.getByRole('button', { name: /Créer la campagne/ }).click();
  await expect(page).toHaveURL(/\/app\/campagnes\/\d+$/, { timeout: 20_000 });
  await hydrated(page);
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'draft');
  await shot(page, 'campagne-prete');

  // PLAY: the counters move on their own (server-sent events), nobody reloads.
  await page.getByTestId('run-toggle').click();
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => progress(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await shot(page, 'campagne-en-cours');

  // PAUSE: once the submission in flight is done, nothing moves any more.
  await page.getByTestId('run-toggle').click();
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'paused');
  await page.waitForTimeout(15_000);
  const paused = await progress(page);
  await page.waitForTimeout(15_000);
  expect(await progress(page)).toBe(paused);
  await shot(page, 'campagne-pause');

  // PLAY again: it goes on.
  await page.getByTestId('run-toggle').click();
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => progress(page), { timeout: 180_000 }).toBeGreaterThan(paused);
  await expect.poll(async () => (await counter(page, 'sent-today')) >= 1 && (await counter(page, 'failures-total')) >= 1, { timeout: 300_000 }).toBe(true);
  await shot(page, 'campagne-resultats');

  // Per-variant figures: both variants were used, their sends add up.
  const sentTotal = await counter(page, 'sent-today');
  const sentOf = async (label: string) =>
    Number((await page.getByTestId(`variant-${label}`).getByTestId('variant-sent').innerText()).replace(/\D/g, ''));
  const a = await sentOf('A');
  const b = await sentOf('B');
  expect(a + b).toBe(sentTotal);
  await expect(page.getByTestId('variant-A')).toBeVisible();
  await expect(page.getByTestId('variant-B')).toBeVisible();

  // The database table (its unlocked rows): sent rows with their date, failed rows with their reason.
  await page.goto(`${databaseUrl}?statut=debloquees`);
  await hydrated(page);
  const today = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
  await expect(page.getByText(`Formulaire envoyé le ${today}`).first()).toBeVisible({ timeout: 20_000 });
  await expect(
    page.getByText(/Aucun site web connu|Aucun formulaire de contact trouvé|Formulaire protégé par un CAPTCHA|Le site refuse la prospection commerciale|Site indisponible|Nouvel essai prévu/).first(),
  ).toBeVisible();
  await shot(page, 'campagne-statuts-base');

  // On a phone, the campaign page stacks and never scrolls sideways.
  await page.goBack();
  await page.setViewportSize({ width: 375, height: 900 });
  await hydrated(page);
  await expect(page.getByTestId('sent-today')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await shot(page, 'campagne-mobile');
});
