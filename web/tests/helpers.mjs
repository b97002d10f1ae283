// Shared by the browser tests (not a test file itself: the runner only takes *.test.mjs).
//
// A test file calls browserSuite(title, (t) => { t.step(…) … }): one Chromium and one page
// for the whole file, steps run in order and share state, each failure leaves a screenshot in
// web/target/, every step fails on an uncaught error in the page, and t.checkAxe(label) runs
// axe-core (all default rules) on the page as it is.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const TARGET_DIR = fileURLToPath(new URL('../target/', import.meta.url));
const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
export const TIMEOUT = 15_000;

/** The charter version the site shows and sends. */
export const CHARTER_VERSION = '2026-01';

/** A word of letters only, unique to this run ("Kxqbtr"): display names refuse digits. */
export function uniqueWord() {
  let n = Date.now() * 1000 + Math.floor(Math.random() * 1000);
  let word = '';
  while (n > 0) {
    word = String.fromCharCode(97 + (n % 26)) + word;
    n = Math.floor(n / 26);
  }
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function luhnValid(digits) {
  let sum = 0;
  let doubled = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = Number(digits[i]);
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return sum % 10 === 0;
}

/** An RPPS number (11 digits, Luhn key) unique to this run: a credential serves one account only. */
export function uniqueRpps() {
  const payload = `${Date.now()}${Math.floor(Math.random() * 10)}`.slice(-10).padStart(10, '1');
  for (let k = 0; k < 10; k += 1) {
    if (luhnValid(`${payload}${k}`)) return `${payload}${k}`;
  }
  throw new Error('unreachable');
}

export const GOOD_IBAN = 'FR76 3000 6000 0112 3456 7890 189';
export const GOOD_IBAN_COMPACT = 'FR7630006000011234567890189';
export const BAD_IBAN = 'FR76 3000 6000 0112 3456 7890 188';
export const OTHER_IBAN = 'FR14 2004 1010 0505 0001 3M02 606';

/** A token from the local sign-in, straight from the API (for set-up steps only). */
export async function tokenFor(role, name, department) {
  const response = await fetch(`${BASE_URL}/local-auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role, name, department }),
  });
  assert.equal(response.status, 200, `local sign-in as ${role}`);
  return (await response.json()).idToken;
}

/** Calls the API as someone (set-up steps and cross-checks). */
export async function api(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${BASE_URL}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = null; }
  return { status: response.status, body: json };
}

/**
 * An approved provider, through the API (set-up steps): the application is filed, then an agent
 * approves it. Gives both answers' bodies ({ created, approved }).
 */
export async function approvedProvider(providerToken, agentToken, displayName) {
  const created = await api('POST', '/api/providers/applications', {
    token: providerToken, body: applicationBody({ displayName, rpps: uniqueRpps() }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const approved = await api('POST', `/api/back-office/providers/${created.body.id}/decisions`, {
    token: agentToken, body: { decision: 'approve', version: created.body.version },
  });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  return { created: created.body, approved: approved.body };
}

/** Today's date in Paris (YYYY-MM-DD), the day a session declared now is on. */
export const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** A session declared today by a provider, through the API (set-up steps): the 202 answer's body. */
export async function redeem(token, code, key) {
  const response = await fetch(`${BASE_URL}/api/redemptions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    body: JSON.stringify({ code, sessionDate: parisToday() }),
  });
  const text = await response.text();
  assert.equal(response.status, 202, text);
  return JSON.parse(text);
}

/** Polls check() every pollMs until it gives a truthy value (returned); fails after timeoutMs. */
export async function until(what, check, timeoutMs = 30_000, pollMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** An application as the API takes it (for set-up steps). */
export function applicationBody({ displayName, rpps, postalCode = '75018', communeCode = '75118', iban = GOOD_IBAN }) {
  return {
    displayName,
    profession: 'psychologist',
    credential: { kind: 'RPPS', number: rpps, issuer: null, year: null },
    address: { street: '3 place Bellecour', postalCode, communeCode, locality: null, country: 'FR' },
    area: { radiusKm: 10, departments: [] },
    languages: ['fr'],
    remoteSessions: false,
    wheelchairAccessible: false,
    contact: { phone: '04 72 00 00 00', email: null, website: null, published: ['phone'] },
    bankAccount: { iban, bic: 'AGRIFRPP' },
    charter: { version: CHARTER_VERSION, accepted: true },
  };
}

/** A JWT-shaped token with this payload and a signature no issuer made. */
export function forgedToken(payload) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'forged' })}.${part(payload)}.${Buffer.from('not a signature').toString('base64url')}`;
}

/**
 * Declares a suite of ordered steps sharing one page.
 * @param {string} title
 * @param {(t: object) => void} body  receives { step, checkAxe, page(), … helpers bound to the page }
 */
export function browserSuite(title, body, { timeout = 240_000 } = {}) {
  if (!BASE_URL) {
    it('BASE_URL est défini', () => {
      assert.fail('BASE_URL is required: the address of the running site, e.g. '
        + 'BASE_URL=http://127.0.0.1:3000 npm run test:browser');
    });
    return;
  }
  describe(`${title} (${BASE_URL})`, { timeout }, () => {
    let browser;
    let page;
    const pageErrors = [];
    const apiResponses = [];

    before(async () => {
      browser = await chromium.launch({
        executablePath: EXECUTABLE,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--no-first-run'],
      });
      // bypassCSP: the page forbids inline scripts, and axe is injected as one.
      const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', bypassCSP: true, viewport: { width: 1024, height: 800 } });
      context.setDefaultTimeout(TIMEOUT);
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error));
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.pathname.startsWith('/api/')) apiResponses.push({ method: response.request().method(), path: url.pathname, status: response.status() });
      });
    });

    after(async () => {
      await browser?.close();
    });

    function step(name, fn) {
      it(name, async () => {
        const errorsBefore = pageErrors.length;
        try {
          await fn();
          assert.deepEqual(pageErrors.slice(errorsBefore).map(String), [], 'uncaught errors in the page');
        } catch (error) {
          if (page) {
            await mkdir(TARGET_DIR, { recursive: true });
            const file = `${TARGET_DIR}${name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 80)}.png`;
            await page.screenshot({ path: file, fullPage: true }).catch(() => {});
            console.error(`Screenshot: ${file}`);
          }
          throw error;
        }
      });
    }

    async function checkAxe(label) {
      await page.addScriptTag({ path: AXE_PATH });
      // All rules axe runs by default: WCAG 2.0/2.1/2.2 A and AA, and best practices.
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const violations = results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary}`),
      }));
      if (violations.length) console.error(`axe violations (${label}):\n${JSON.stringify(violations, null, 2)}`);
      assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on ${label}: ${violations.map((v) => v.id).join(', ')}`);
      console.log(`axe: no violations on ${label} (${results.passes.length} rules passed)`);
    }

    const header = () => page.getByRole('banner');
    const nav = () => page.getByRole('navigation', { name: 'Navigation principale' });

    /** Waits for the page's h1 to read `text` (string: exact, RegExp: match). */
    async function heading(text) {
      const h1 = page.locator('#page h1');
      await h1.filter({ hasText: text }).first().waitFor();
      return h1;
    }

    /** Signs in on the sign-in page as it is shown (role radio, name). */
    async function fillSignIn(roleLabel, name) {
      await heading('Se connecter');
      await page.getByRole('radio', { name: roleLabel, exact: true }).check();
      await page.getByRole('textbox', { name: 'Nom du compte' }).fill(name);
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await header().getByText(name, { exact: true }).waitFor();
    }

    /** Opens the sign-in page (no way back: the role's home follows) and signs in. */
    async function signIn(roleLabel, name) {
      await page.goto(`${BASE_URL}/#/connexion`);
      await fillSignIn(roleLabel, name);
    }

    async function signOut() {
      await header().getByRole('button', { name: 'Se déconnecter' }).click();
      await page.getByText('Vous êtes déconnecté(e).').first().waitFor();
    }

    /** Runs a search with the form (a new search even when the address does not change). */
    async function search(code, country = 'FR') {
      if (!(await page.getByRole('textbox', { name: 'Code postal', exact: true }).isVisible().catch(() => false))) {
        await page.goto(`${BASE_URL}/#/`);
        await heading('Trouver de l’aide près de chez moi');
      }
      await page.getByLabel(country === 'BE' ? 'Belgique' : 'France', { exact: true }).check();
      await page.getByRole('textbox', { name: 'Code postal', exact: true }).fill(code);
      // Clear the previous results first, so that waiting sees the new ones.
      await page.evaluate(() => document.getElementById('resultats')?.replaceChildren());
      await page.getByRole('button', { name: 'Rechercher' }).click();
      // The first search may meet cold starts of three functions (postal codes, services, directory).
      await page.locator('#titre-resultats').filter({ hasText: code }).waitFor({ timeout: 45_000 });
      await page.waitForFunction(() => !document.querySelector('#resultats[aria-busy="true"]'), null, { timeout: 45_000 });
    }

    /** The card of a provider in a service's group of the search results, after « Voir plus » as needed. */
    async function providerCard(serviceCode, name) {
      const group = page.locator(`section[aria-labelledby="titre-prestataires-${serviceCode}"]`);
      await group.waitFor();
      const card = group.locator('.prestataire').filter({ has: page.getByRole('link', { name, exact: true }) });
      for (let i = 0; i < 20; i += 1) {
        if (await card.count()) return card;
        const more = group.getByRole('button', { name: /^Voir plus/ });
        if (!(await more.isVisible())) return card;
        const before = await group.locator('.prestataire').count();
        await more.click();
        await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n,
          [`section[aria-labelledby="titre-prestataires-${serviceCode}"] .prestataire`, before]);
      }
      return card;
    }

    /** Searches again (every second, for up to `seconds`) until the provider is shown, or not. */
    async function searchUntil(code, serviceCode, name, { shown, seconds = 12 }) {
      const deadline = Date.now() + seconds * 1000;
      let attempts = 0;
      for (;;) {
        attempts += 1;
        await search(code);
        const count = await (await providerCard(serviceCode, name)).count();
        if ((count > 0) === shown) return attempts;
        if (Date.now() > deadline) {
          assert.fail(`after ${attempts} searches in ${seconds} s, ${name} is ${shown ? 'still not' : 'still'} listed under ${serviceCode}`);
        }
        await page.waitForTimeout(1000);
      }
    }

    /** The row of a record in the agent's queue, after « Voir plus de dossiers » as needed. */
    async function queueRow(name) {
      await page.locator('table, .file__vide').first().waitFor();
      const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
      for (let i = 0; i < 50; i += 1) {
        if (await row.count()) return row;
        const more = page.getByRole('button', { name: 'Voir plus de dossiers' });
        if (!(await more.isVisible().catch(() => false))) return row;
        const before = await page.locator('tbody tr').count();
        await more.click();
        await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length > n
          || !document.querySelector('.services__suite button:not([hidden])'), before);
      }
      return row;
    }

    body({
      step,
      checkAxe,
      page: () => page,
      pageErrors,
      apiResponses,
      header,
      nav,
      heading,
      fillSignIn,
      signIn,
      signOut,
      search,
      providerCard,
      searchUntil,
      queueRow,
    });
  });
}
