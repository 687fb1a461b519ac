import { Page, expect, test as base } from '@playwright/test';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { DB_FILE } from '../playwright.config';

export const PASSWORD = 'un-mot-de-passe-solide';
const root = path.resolve(__dirname, '../..');

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@exemple.fr`;
}

/** What the browser reported as errors during a test (console errors, uncaught exceptions). */
const browserErrors = new WeakMap<Page, string[]>();

/**
 * Every journey's page records the browser's errors; a failed journey prints them, so a failure
 * says what the browser saw (a panic of the WebAssembly bundle, a refused request…).
 */
export const test = base.extend({
  page: async ({ page }, use, testInfo) => {
    const errors: string[] = [];
    browserErrors.set(page, errors);
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus && errors.length) {
      console.log(`browser errors during "${testInfo.title}":\n${errors.join('\n')}`);
    }
  },
});

/**
 * Wait until the WebAssembly bundle has hydrated the page, so clicks go through Leptos. A page
 * that has not hydrated after 25 s is loaded once more, and what the browser said is printed:
 * a CI run once saw one page never hydrate, which no local run reproduced.
 */
export async function hydrated(page: Page) {
  const mark = page.locator('html[data-hydrated]');
  try {
    await mark.waitFor({ state: 'attached', timeout: 25_000 });
  } catch {
    console.log(`not hydrated after 25 s: ${page.url()}\n${(browserErrors.get(page) ?? []).join('\n')}`);
    await page.reload();
    await mark.waitFor({ state: 'attached', timeout: 25_000 });
  }
  await page.waitForLoadState('networkidle');
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', `${name}.png`), fullPage: true });
}

/** Sign up and confirm the address, as every journey that generates or contacts needs. */
export async function signUp(page: Page, email: string) {
  await signUpUnverified(page, email);
  await verifyEmail(page);
}

/**
 * Confirm the address like a newcomer does in sandbox mode, without an admin: the banner of the
 * client area leads to the simulated inbox of their own address, whose link opens the
 * confirmation page.
 */
export async function verifyEmail(page: Page, { keepTour = false } = {}) {
  const banner = page.getByTestId('verification-banner');
  await expect(banner).toBeVisible();
  await banner.getByRole('link', { name: "Mode bac à sable : ouvrir l'e-mail reçu" }).click();
  await expect(page).toHaveURL(/\/app\/boite-de-test/);
  // The mail job lands it within a second or two.
  const link = page.locator('a[href*="/confirmer-email?jeton="]').first();
  for (let i = 0; i < 20 && !(await link.count()); i++) {
    await page.waitForTimeout(500);
    await page.reload();
  }
  await link.click();
  await expect(page).toHaveURL(/\/confirmer-email\?jeton=/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await expect(page).toHaveURL(/\/app\?confirme=1/);
  await expect(page.getByTestId('verification-banner')).toHaveCount(0);
  // The first visit of the dashboard opens the guided tour; journeys about something else skip it.
  const tour = page.getByTestId('guided-tour');
  await expect(tour).toBeVisible();
  if (!keepTour) {
    await tour.getByRole('button', { name: 'Passer la visite' }).click();
    await expect(tour).toHaveCount(0);
    // Recorded on the server before the journey moves on (a new page load would cancel it).
    await page.waitForLoadState('networkidle');
  }
}

/**
 * Sign up only: the address is not confirmed yet (no trial, nothing that spends). `onTheForm`:
 * the page is already on the sign-up form (reached from a link that carries an offer).
 */
export async function signUpUnverified(page: Page, email: string, { onTheForm = false } = {}) {
  if (!onTheForm) await page.goto('/inscription');
  await hydrated(page);
  await page.getByLabel('Prénom').fill('Camille');
  await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Martin');
  await page.getByLabel('Entreprise').fill('Plomberie Martin');
  await page.getByLabel('Adresse e-mail professionnelle').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page).toHaveURL(/\/app/);
}

export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/connexion');
  await hydrated(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** The operator command, against the server's database. */
export function prospecta(...args: string[]): string {
  return execFileSync(process.env.PROSPECTA_BIN || path.join(root, 'target/debug/prospecta'), args, {
    env: { ...process.env, DATABASE_URL: `sqlite://${DB_FILE}?mode=rwc`, RUST_LOG: 'warn' },
    encoding: 'utf8',
  });
}

/**
 * A validated, enriched database of plumbers in one commune (radius 0), with its `unlock` best
 * rows unlocked, or all of them; returns its id. `place` is the commune's name as the
 * autocomplete lists it.
 */
export async function plumbersDatabase(page: Page, place: string, name: string, unlock: number | 'all'): Promise<string> {
  await page.goto('/app/bases/nouvelle');
  await hydrated(page);
  await page.getByLabel("Secteur d'activité").fill('plombier');
  await page.getByRole('option', { name: /^plombier/i }).first().click();
  await page.getByLabel('Zone géographique').fill(place);
  await page.getByRole('option', { name: new RegExp(`^${place}`) }).first().click();
  await page.getByRole('button', { name: "Voir l'aperçu" }).click();
  await expect(page.getByText(/≈/).first()).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Nom de la base').fill(name);
  await page.getByRole('button', { name: 'Valider et générer' }).click();
  await expect(page).toHaveURL(/\/app\/bases\/\d+/);
  await expect(page.getByText('Prête').first()).toBeVisible({ timeout: 180_000 });
  const enrichment = page.getByRole('region', { name: 'Enrichissement des coordonnées' });
  await expect(enrichment.getByText('Terminé', { exact: true })).toBeVisible({ timeout: 240_000 });
  const unlocking = page.getByRole('region', { name: 'Débloquer des lignes' });
  const locked = unlocking.getByText(/^(\d+) lignes? encore verrouillées?$/);
  const count = unlock === 'all' ? Number((await locked.innerText()).match(/\d+/)![0]) : unlock;
  await page.getByLabel('Nombre de lignes à débloquer').fill(String(count));
  await page.getByRole('button', { name: 'Débloquer les meilleures' }).click();
  // Unlocking all of them, the toast counts what was charged: the canary rows (the leak
  // markers seeded per organisation) open with the paid ones, free.
  const toast = unlock === 'all' ? /\d+ prospects? débloqués?/ : new RegExp(`${count} prospects? débloqués?`);
  await expect(page.getByText(toast).first()).toBeVisible({ timeout: 20_000 });
  if (unlock === 'all') await expect(unlocking.getByText(/^0 ligne encore verrouillée$/)).toBeVisible();
  return page.url().match(/bases\/(\d+)/)![1];
}

/**
 * A campaign on the database, every hour of every day, started. With `database`, the database's
 * name, checks that the database the address named is the one ticked.
 */
export async function startCampaign(page: Page, databaseId: string, name: string, database?: RegExp) {
  await page.goto(`/app/campagnes/nouvelle?base=${databaseId}`);
  await hydrated(page);
  await page.getByLabel('Nom de la campagne').fill(name);
  if (database) await expect(page.getByLabel(database)).toBeChecked();
  await sendAroundTheClock(page);
  await page.getByRole('button', { name: /Créer la campagne/ }).click();
  await expect(page).toHaveURL(/\/app\/campagnes\/\d+$/, { timeout: 20_000 });
  await hydrated(page);
  await page.getByTestId('run-toggle').click();
  await expect(page.getByTestId('campaign-status')).toHaveAttribute('data-status', 'running');
}

/** On the new-campaign page: every day, every hour, holidays included, so a journey runs any time. */
export async function sendAroundTheClock(page: Page) {
  const dayButtons = page.locator('#plage-envoi button[aria-pressed]');
  for (let i = 0; i < 7; i++) {
    if ((await dayButtons.nth(i).getAttribute('aria-pressed')) !== 'true') await dayButtons.nth(i).click();
  }
  await page.getByLabel('De', { exact: true }).selectOption('0');
  await page.getByLabel('À', { exact: true }).selectOption('24');
  await page.getByLabel('Exclure les jours fériés').uncheck();
  await page.getByLabel('Envois par jour au maximum').fill('10000');
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something listens on `port`. */
export async function listening(port: number) {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

/**
 * A real CalDAV server on loopback (Debian's Radicale, as the server's meetings tests start it),
 * with one user and one calendar; `put` adds an event as the client's calendar application would.
 */
export async function startRadicale() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prospecta-e2e-radicale-'));
  const [user, password] = ['lea', 'un-secret-d-agenda'];
  fs.writeFileSync(path.join(dir, 'users'), `${user}:${password}\n`);
  fs.writeFileSync(
    path.join(dir, 'config'),
    `[server]\nhosts = 127.0.0.1:${port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = ${path.join(dir, 'users')}\nhtpasswd_encryption = plain\n` +
      `[storage]\nfilesystem_folder = ${path.join(dir, 'collections')}\n[rights]\ntype = owner_only\n`,
  );
  const child = spawn('/usr/bin/python3', ['-m', 'radicale', '--config', path.join(dir, 'config')], { stdio: 'ignore' });
  await listening(port);
  const calendar = `http://127.0.0.1:${port}/${user}/agenda/`;
  const authorization = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
  const made = await fetch(calendar, { method: 'MKCALENDAR', headers: { Authorization: authorization } });
  if (made.status !== 201) throw new Error(`MKCALENDAR: ${made.status}`);
  return {
    calendar,
    user,
    password,
    /** The whole calendar as iCalendar text. */
    async read(): Promise<string> {
      return (await fetch(calendar, { headers: { Authorization: authorization } })).text();
    },
    async put(uid: string, start: Date, minutes: number, summary: string) {
      const utc = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      const end = new Date(start.getTime() + minutes * 60_000);
      const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//e2e//FR\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:${utc(start)}\r\nDTSTART:${utc(start)}\r\nDTEND:${utc(end)}\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
      const response = await fetch(`${calendar}${uid}.ics`, { method: 'PUT', headers: { Authorization: authorization, 'Content-Type': 'text/calendar' }, body: ics });
      if (!response.ok) throw new Error(`PUT: ${response.status}`);
    },
    stop() {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The clock moved on: the meetings booked with `prospect` took place (moved back to have ended
 * an hour ago; only "past" matters to marking an outcome). Written in the server's SQLite file,
 * in the format it stores times in.
 */
export function meetingTookPlace(prospect: string) {
  const script = `
import datetime, sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
now = datetime.datetime.now(datetime.timezone.utc)
def parse(text):
    return datetime.datetime.fromisoformat(text.replace(' +', '+'))
def write(moment, like):
    out = moment.isoformat(sep='T' if 'T' in like else ' ')
    return out.replace('+', ' +') if ' +' in like else out
rows = db.execute("SELECT id, starts_at, ends_at FROM meetings WHERE prospect_name = ?", (sys.argv[2],)).fetchall()
assert rows, 'no meeting with ' + sys.argv[2]
for id, start, end in rows:
    shift = parse(end) - now + datetime.timedelta(hours=1)
    db.execute("UPDATE meetings SET starts_at = ?, ends_at = ? WHERE id = ?",
               (write(parse(start) - shift, start), write(parse(end) - shift, end), id))
db.commit()
`;
  execFileSync('/usr/bin/python3', ['-c', script, DB_FILE, prospect], { encoding: 'utf8' });
}
