import { expect } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort, hydrated, listening, shot, signUp, test, uniqueEmail } from './helpers';

// The mailbox is connected against real servers on loopback, started as the server's own tests
// start them (Debian's Dovecot and aiosmtpd, server/tests/peers/).
const peers = path.resolve(__dirname, '..', '..', 'server', 'tests', 'peers');
const LOGIN = 'boite@atelier-test.fr';
const SECRET = 'mot-de-passe-de-boite';

async function peer(script: string, port: number): Promise<ChildProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prospecta-e2e-mail-'));
  const child = spawn('/usr/bin/python3', [path.join(peers, script), String(port), LOGIN, SECRET, dir], { stdio: 'ignore' });
  await listening(port);
  return child;
}

test('mailbox: connected against real servers, refusals named, then shown with its limits', async ({ page }) => {
  const [smtpPort, imapPort] = [await freePort(), await freePort()];
  const smtp = await peer('smtp_peer.py', smtpPort);
  const imap = await peer('dovecot_peer.py', imapPort);
  try {
    await signUp(page, uniqueEmail('messagerie'));
    await page.goto('/app/parametres#messagerie');
    await hydrated(page);
    const card = page.locator('#messagerie');
    await expect(card.getByRole('heading', { name: "Messagerie d'envoi" })).toBeVisible();

    // A provider's usual servers are filled in.
    await card.getByLabel('Votre fournisseur').selectOption('OVHcloud (MX Plan, Email Pro)');
    await expect(card.locator('#smtp_host')).toHaveValue('ssl0.ovh.net');
    await expect(card.locator('#imap_port')).toHaveValue('993');

    await card.getByLabel('Votre fournisseur').selectOption('');
    await card.getByLabel('Nom affiché').fill('Camille Martin');
    await card.getByLabel("Adresse d'envoi").fill(LOGIN);
    await card.getByLabel('Identifiant').fill(LOGIN);
    await card.locator('#mailbox-password').fill('pas-le-bon');
    await card.locator('#smtp_host').fill('127.0.0.1');
    await card.locator('#smtp_port').fill(String(smtpPort));
    await card.locator('#smtp_security').selectOption('plain');
    await card.locator('#imap_host').fill('127.0.0.1');
    await card.locator('#imap_port').fill(String(imapPort));
    await card.locator('#imap_security').selectOption('plain');
    await card.getByRole('button', { name: 'Tester et enregistrer' }).click();
    await expect(card.getByText('Identifiant ou mot de passe refusé par le serveur de messagerie.', { exact: false })).toBeVisible();
    await shot(page, 'mailbox-refused-1366');

    await card.locator('#mailbox-password').fill(SECRET);
    await card.getByRole('button', { name: 'Tester et enregistrer' }).click();
    await expect(page.getByText('Messagerie connectée : envoi et réception vérifiés.')).toBeVisible();
    const panel = page.getByTestId('mailbox-panel');
    await expect(panel.getByText('Active')).toBeVisible();
    await expect(panel.getByText("0 / 20 aujourd'hui · montée en charge progressive jusqu'à 150 par jour")).toBeVisible();
    // The test of the campaigns' own reply addresses left; this SMTP server delivers nowhere.
    await expect(panel.getByTestId('reply-addressing')).toContainText('Vérification en cours : un message de test est parti vers boite+verification@atelier-test.fr');
    await expect(panel.getByText(`127.0.0.1:${smtpPort} · Aucun (réseau local uniquement)`)).toBeVisible();
    await expect(page.getByText(SECRET)).toHaveCount(0);
    // The sending domain's records, read in the (here simulated) DNS, with what to fix.
    const domain = page.getByTestId('domain-check');
    await domain.getByLabel('Sélecteur DKIM (facultatif)').fill('mauvais sélecteur');
    await domain.getByRole('button', { name: 'Vérifier le domaine' }).click();
    await expect(domain.getByText('Le sélecteur DKIM ne peut contenir que des lettres', { exact: false })).toBeVisible();
    await domain.getByLabel('Sélecteur DKIM (facultatif)').fill('');
    await domain.getByRole('button', { name: 'Vérifier le domaine' }).click();
    for (const record of ['spf', 'dkim', 'dmarc']) {
      await expect(domain.getByTestId(`record-${record}`).getByText('Absent')).toBeVisible();
    }
    await expect(domain.getByText('Ajoutez sur atelier-test.fr un enregistrement TXT : v=spf1 a:127.0.0.1 ~all')).toBeVisible();
    await shot(page, 'mailbox-connected-1366');
    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, 'mailbox-connected-375');
    await page.setViewportSize({ width: 1366, height: 900 });

    // The inbox: its tabs, and no warning now that the mailbox reads the replies.
    await page.goto('/app/conversations');
    await hydrated(page);
    const tabs = page.getByRole('navigation', { name: 'Étapes des conversations' });
    for (const name of ['Contactés, sans réponse', 'En conversation', 'Questions pour vous', 'Gagnés', 'Perdus / refus']) {
      await expect(tabs.getByRole('link', { name: new RegExp(`^${name.replace('/', '\\/')} 0$`) })).toBeVisible();
    }
    await expect(page.getByText('Aucune conversation en cours')).toBeVisible();
    await expect(page.getByText("Votre messagerie n'est pas connectée")).toHaveCount(0);
    await tabs.getByRole('link', { name: /^Contactés, sans réponse/ }).click();
    await expect(page.getByText("Personne n'attend de réponse")).toBeVisible();
    await shot(page, 'conversations-1366');
    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, 'conversations-375');

    // Disconnected: the password is gone, the inbox says replies are no longer read.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto('/app/parametres#messagerie');
    await hydrated(page);
    await page.getByRole('button', { name: 'Déconnecter la messagerie' }).click();
    await page.getByRole('button', { name: 'Confirmer : plus aucun e-mail ne partira' }).click();
    await expect(page.getByText('Messagerie déconnectée : son mot de passe est effacé.')).toBeVisible();
    await expect(page.locator('#messagerie').getByRole('button', { name: 'Tester et enregistrer' })).toBeVisible();
    await page.goto('/app/conversations');
    await expect(page.getByText("Votre messagerie n'est pas connectée")).toBeVisible();
  } finally {
    smtp.kill();
    imap.kill();
  }
});

// Sandbox mode: the demo mailbox is the product's own SMTP and IMAP servers, whose simulated
// prospects answer; it connects in one click and shows the same limits.
test('mailbox: the sandbox demo mailbox connects in one click', async ({ page }) => {
  await signUp(page, uniqueEmail('messagerie-demo'));
  await page.goto('/app/parametres#messagerie');
  await hydrated(page);
  const card = page.locator('#messagerie');
  await expect(card.getByText('Mode démonstration : utilisez la messagerie simulée de cet ordinateur.', { exact: false })).toBeVisible();
  await card.getByRole('button', { name: 'Utiliser la messagerie de démonstration' }).click();
  await expect(page.getByText('Messagerie de démonstration connectée : les prospects simulés vous répondront.')).toBeVisible();
  const panel = page.getByTestId('mailbox-panel');
  await expect(panel.getByText('Active')).toBeVisible();
  await expect(panel.getByText(/^127\.0\.0\.1:\d+ · Aucun \(réseau local uniquement\)$/).first()).toBeVisible();
  await shot(page, 'mailbox-demo-1366');
});
