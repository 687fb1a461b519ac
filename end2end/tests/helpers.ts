import { Page, expect } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { DB_FILE } from '../playwright.config';

export const PASSWORD = 'un-mot-de-passe-solide';
const root = path.resolve(__dirname, '../..');

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@exemple.fr`;
}

/** Wait until the WebAssembly bundle has hydrated the page, so clicks go through Leptos. */
export async function hydrated(page: Page) {
  await page.waitForLoadState('networkidle');
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(__dirname, '..', 'screenshots', `${name}.png`), fullPage: true });
}

export async function signUp(page: Page, email: string) {
  await page.goto('/inscription');
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
