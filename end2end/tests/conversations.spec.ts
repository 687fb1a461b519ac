import { expect, Page } from '@playwright/test';
import { hydrated, meetingTookPlace, plumbersDatabase, shot, signUp, startCampaign, startRadicale, test, uniqueEmail } from './helpers';

// The simulated web decides who answers what: a company's character comes from its address
// (server/src/sandbox/mail/prospect.rs), and the companies, their sites and addresses are the
// same on every run. Among the plumbers of Escautpont reached by e-mail (no usable contact form),
// Établissements Roger-Gauthier asks for a price and Gaillard-Rousseau Dépannage Plomberie asks
// never to be contacted again. Every row is unlocked, so that both are in the campaign whatever
// the order of equally good rows.
//
// Both names are unique among the simulated plumbers of the départements the other journeys
// visit: a company with the same name elsewhere owns the same obvious domain, and once its
// commune is visited (Villeurbanne, by the campaign journey that runs before this one), that
// site is its own (the smaller SIREN wins) and the enrichment rightly finds no site, and no
// address, for its namesake. Oberhoffen-sur-Moder's prospect had a namesake in Villeurbanne.
const COMMUNE = 'Escautpont';
const ASKS_PRICE = 'Établissements Roger-Gauthier';
const OPTS_OUT = 'Gaillard-Rousseau Dépannage Plomberie';

/** The inbox's tab `key`, reloaded until its list holds the conversation with `name`. */
async function waitForTab(page: Page, key: string, name: string) {
  const conversation = page.getByTestId('conversation-list').getByRole('link').filter({ hasText: name });
  await expect
    .poll(
      async () => {
        await page.goto(`/app/conversations?onglet=${key}`);
        await hydrated(page);
        return conversation.count();
      },
      { timeout: 300_000, intervals: [3_000] },
    )
    .toBe(1);
  return conversation;
}

/** The opened thread, reloaded until it shows `text`. */
async function waitInThread(page: Page, url: string, text: string | RegExp) {
  await expect
    .poll(
      async () => {
        await page.goto(url);
        await hydrated(page);
        return page.getByTestId('thread').getByText(text).count();
      },
      { timeout: 180_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
}

// Issues 15 and 17's journey, through the real mail path of the sandbox (its SMTP and IMAP
// servers, the product's sending, IMAP IDLE, parsing, the agent on the simulated model) and a
// real CalDAV calendar (Radicale on loopback): a reply asking a price → the agent asks the
// client → the client answers → the approved reply goes out → the prospect asks for a call →
// the agent proposes two free slots of the calendar → the prospect takes the first → booked in
// the calendar and in Rendez-vous, Gagnés with the debrief → the meeting took place, marked held
// and signed → the results count it. The request to stop lands in Perdus, and another
// organisation's campaign skips that prospect.
test('conversation: question to the client, reply, meeting booked by the agent, signed, in the results; an opt-out never contacted again', async ({ page, browser }) => {
  test.setTimeout(900_000);
  await signUp(page, uniqueEmail('conversations'));
  await page.goto('/app/parametres#messagerie');
  await hydrated(page);
  await page.getByRole('button', { name: 'Utiliser la messagerie de démonstration' }).click();
  await expect(page.getByText('Messagerie de démonstration connectée').first()).toBeVisible();

  // The client's calendar first, so that the agent reads its free slots: connected in
  // Rendez-vous, where the week shows the calendar's own appointment.
  const thread = page.getByTestId('thread');
  const radicale = await startRadicale();
  try {
    const noon = new Date();
    noon.setUTCHours(11, 0, 0, 0);
    await radicale.put('dentiste', noon, 60, 'Dentiste');
    await page.goto('/app/rendez-vous');
    await hydrated(page);
    await page.getByLabel("Adresse de l'agenda").fill(radicale.calendar);
    await page.getByLabel('Identifiant').fill(radicale.user);
    await page.getByLabel("Mot de passe d'application").fill(radicale.password);
    await page.getByRole('button', { name: "Connecter l'agenda" }).click();
    await expect(page.getByText('Agenda connecté : vos disponibilités sont lues.')).toBeVisible();
    await expect(page.getByTestId('week-busy').filter({ hasText: 'Dentiste' })).toHaveCount(1);
    await expect(page.getByTestId('free-slots').getByRole('listitem').first()).toBeVisible();
    await shot(page, 'rendez-vous-agenda');

    const databaseId = await plumbersDatabase(page, COMMUNE, 'Plombiers — Escautpont', 'all');
    await startCampaign(page, databaseId, 'Plombiers — Escautpont');

    // The price question: the agent cannot answer it from the knowledge base, so it asks.
    await (await waitForTab(page, 'questions', ASKS_PRICE)).click();
    await expect(page).toHaveURL(/onglet=questions&id=\d+/);
    const id = page.url().match(/id=(\d+)/)![1];
    await expect(thread.getByText('Quel est votre tarif pour ce type de prestation ?')).toBeVisible();
    await expect(thread.getByText('Question', { exact: true }).first()).toBeVisible();
    await expect(thread.getByText(/^\d+\/10$/).first()).toBeVisible();
    const question = page.getByTestId('agent-question');
    await expect(question).toContainText('Quel prix');
    await shot(page, 'conversation-question');
    await question.getByLabel('Votre réponse').fill("L'entretien annuel d'une chaudière est à 480 € HT, déplacement compris.");
    await question.getByRole('button', { name: "Répondre à l'agent" }).click();
    await expect(page.getByText("Merci : l'agent prépare sa réponse avec votre information.")).toBeVisible();

    // The agent's reply uses the answer; approved, it leaves the client's mailbox.
    const open = `/app/conversations?onglet=en-conversation&id=${id}`;
    await waitInThread(page, open, "Brouillon de l'agent, à valider");
    await expect(thread.getByText(/480 € HT/).first()).toBeVisible();
    await expect(page.getByTestId('agent-question')).toHaveCount(0);
    await shot(page, 'conversation-brouillon');
    await thread.getByRole('button', { name: 'Envoyer cette réponse' }).click();
    await expect(page.getByText('Réponse envoyée depuis votre messagerie.')).toBeVisible();

    // The prospect asks for a call; the agent proposes two free slots of the calendar, approved.
    await waitInThread(page, open, 'Pouvez-vous me rappeler pour en parler ?');
    const slot = /je vous propose (\p{L}+ \d\d\/\d\d à \d+ h \d\d) ou \p{L}+ \d\d\/\d\d à \d+ h \d\d/u;
    await waitInThread(page, open, slot);
    const proposal = await thread.getByText(slot).first().innerText();
    const first = proposal.match(slot)![1];
    await thread.getByRole('button', { name: 'Envoyer cette réponse' }).click();
    await expect(page.getByText('Réponse envoyée depuis votre messagerie.')).toBeVisible();

    // The prospect takes the first: booked in the calendar before the reply confirming it; the
    // objective is reached, the debrief says what was agreed.
    await waitForTab(page, 'gagnes', ASKS_PRICE);
    await page.goto(`/app/conversations?onglet=gagnes&id=${id}`);
    await hydrated(page);
    await expect(thread.getByRole('listitem').filter({ hasText: `D'accord pour ${first}, à bientôt.` })).toBeVisible();
    await expect(thread.getByText(`C'est noté pour ${first}`).first()).toBeVisible();
    await expect(thread.getByRole('heading', { name: 'Compte rendu' })).toBeVisible();
    await expect(thread.getByText(/Convenu :/)).toBeVisible();
    await shot(page, 'conversation-gagnee');
    expect(await radicale.read()).toContain(`Rendez-vous avec ${ASKS_PRICE}`);
    await page.goto('/app/rendez-vous');
    await hydrated(page);
    const row = page.getByTestId('meeting-row').filter({ hasText: ASKS_PRICE });
    await expect(row).toBeVisible();
    const [day, hour] = first.split(' à ');
    await expect(row).toContainText(day);
    await expect(row).toContainText(hour);
    await shot(page, 'rendez-vous-reserve');
  } finally {
    radicale.stop();
  }

  // The meeting took place: marked held, then signed with its amount; the results count it.
  meetingTookPlace(ASKS_PRICE);
  await page.goto('/app/rendez-vous');
  await hydrated(page);
  await page.getByRole('button', { name: `${ASKS_PRICE} : rendez-vous tenu` }).click();
  await expect(page.getByText('Issue enregistrée.')).toBeVisible();
  await page.getByLabel('Montant signé (€ HT)').fill('2 400');
  await page.getByRole('button', { name: 'Signé', exact: true }).click();
  await expect(page.getByTestId('meeting-row').filter({ hasText: ASKS_PRICE }).getByText(/^Signé · 2\s400,00\s€$/)).toBeVisible();
  await page.goto('/app/resultats');
  await hydrated(page);
  const figures = page.getByTestId('results-figures');
  await expect(figures).toContainText('Rendez-vous1');
  await expect(figures).toContainText('Signatures1');
  await expect(figures).toContainText(/2\s400,00\s€/);
  await expect(page.getByTestId('results-funnel').getByRole('listitem').filter({ hasText: 'Signés' })).toContainText('1');
  await expect(page.getByTestId('results-breakdown')).toContainText('Plombiers — Escautpont');
  await expect(page.locator('canvas[role="img"]')).toHaveCount(2);
  await shot(page, 'resultats');

  // The request to stop: in Perdus, confirmed once, never answered by the agent.
  await (await waitForTab(page, 'perdus', OPTS_OUT)).click();
  await expect(thread.getByText('STOP. Merci de ne plus me contacter.')).toBeVisible();
  await expect(thread.getByText('Désinscription', { exact: true }).first()).toBeVisible();
  await expect(thread.getByRole('button', { name: 'Envoyer cette réponse' })).toHaveCount(0);
  await shot(page, 'conversation-perdue');
  await page.setViewportSize({ width: 375, height: 900 });
  await hydrated(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await shot(page, 'conversation-perdue-375');

  // Another organisation builds the same database and runs a campaign: the prospect who asked to
  // stop is skipped for their objection; the two others wait out the platform's 7 days.
  const other = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
  await signUp(other, uniqueEmail('conversations-autre'));
  const otherDatabase = await plumbersDatabase(other, COMMUNE, 'Plombiers — Escautpont (autre client)', 'all');
  await startCampaign(other, otherDatabase, 'Escautpont — autre client');
  await expect
    .poll(
      async () => {
        await other.goto(`/app/bases/${otherDatabase}?statut=debloquees`);
        await hydrated(other);
        return other.getByRole('row').filter({ hasText: OPTS_OUT }).getByText('Opposition à la prospection enregistrée').count();
      },
      { timeout: 180_000, intervals: [3_000] },
    )
    .toBe(1);
  await expect(other.getByText('Opposition à la prospection enregistrée')).toHaveCount(1);
  await expect(other.getByText(/Nouvel essai prévu le/).first()).toBeVisible();
  await shot(other, 'conversation-opposition-autre-client');
  await other.close();

  // The demo mailbox delivers tagged addresses (its test message came back): each campaign
  // receives its replies at its own address.
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/app/parametres#messagerie');
  await hydrated(page);
  await expect(page.getByTestId('reply-addressing')).toContainText(/Active : chaque campagne reçoit ses réponses à sa propre adresse \(par exemple .+\+c12@/);
});
