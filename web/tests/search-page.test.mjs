// Browser test of the search page, as a parent would use it, plus axe-core accessibility checks.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser
//
// BASE_URL is the site root served with its API (/api/...) on the same origin: the local
// runtime, or any deployment. Uses Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH);
// never downloads a browser. Screenshots of failures go to web/target/.

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
const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const TIMEOUT = 15_000;

if (!BASE_URL) {
  it('BASE_URL est défini', () => {
    assert.fail('BASE_URL is required: the address of the running site, e.g. '
      + 'BASE_URL=http://127.0.0.1:3000 npm run test:browser');
  });
} else {
  describe(`Page de recherche (${BASE_URL})`, { timeout: 180_000 }, () => {
    let browser;
    let page;
    const pageErrors = [];
    const apiRequests = [];

    before(async () => {
      browser = await chromium.launch({
        executablePath: EXECUTABLE,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--no-first-run'],
      });
      // bypassCSP: the page forbids inline scripts, and axe is injected as one.
      const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 1024, height: 800 } });
      context.setDefaultTimeout(TIMEOUT);
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error));
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(request.url());
      });
    });

    after(async () => {
      await browser?.close();
    });

    /** Runs a step; on failure saves a screenshot in target/ and rethrows. */
    function step(name, fn) {
      it(name, async () => {
        const errorsBefore = pageErrors.length;
        try {
          await fn();
          assert.deepEqual(pageErrors.slice(errorsBefore).map(String), [], 'uncaught errors in the page');
        } catch (error) {
          if (page) {
            await mkdir(TARGET_DIR, { recursive: true });
            const file = `${TARGET_DIR}${name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.png`;
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

    async function openEmpty() {
      await page.goto(`${BASE_URL}/`);
      await page.locator('h1').filter({ hasText: 'Trouver de l’aide près de chez moi' }).waitFor();
    }

    async function search(code, country = 'FR') {
      await page.getByLabel(country === 'BE' ? 'Belgique' : 'France', { exact: true }).check();
      await page.getByRole('textbox', { name: 'Code postal', exact: true }).fill(code);
      await page.getByRole('button', { name: 'Rechercher' }).click();
    }

    async function resultsHeading(code) {
      const heading = page.locator('#titre-resultats');
      await heading.filter({ hasText: code }).waitFor();
      await page.waitForFunction(() => !document.querySelector('#resultats[aria-busy="true"]'));
      return heading;
    }

    async function api(path) {
      const response = await page.request.get(`${BASE_URL}${path}`);
      return { status: response.status(), type: response.headers()['content-type'] || '', body: await response.json() };
    }

    step('la page vide : shell, formulaire, accessibilité', async () => {
      await openEmpty();
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      assert.match(await page.title(), /Trouver de l’aide près de chez moi.*Passerelle/);
      assert.equal(await page.locator('h1').count(), 1, 'one h1 per page');
      await page.getByRole('banner').getByText('Passerelle', { exact: true }).waitFor();
      await page.getByRole('banner').getByText('Accompagner les parents qui se séparent').waitFor();
      const navLink = page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Trouver de l’aide près de chez moi' });
      assert.equal(await navLink.getAttribute('aria-current'), 'page');
      const footer = await page.getByRole('contentinfo').innerText();
      for (const credit of ['Etalab', 'Licence Ouverte 2.0', '© GeoNames', 'CC BY 4.0', 'Service-Public.fr 2016', 'DILA']) {
        assert.ok(footer.includes(credit), `footer credits ${credit}`);
      }
      const input = page.getByRole('textbox', { name: 'Code postal', exact: true });
      assert.equal(await input.getAttribute('inputmode'), 'numeric');
      assert.equal(await input.getAttribute('autocomplete'), 'postal-code');
      assert.ok(await page.getByLabel('France', { exact: true }).isChecked(), 'France by default');
      assert.equal(await page.getByLabel('Rayon de recherche').inputValue(), '15');
      assert.deepEqual(await page.locator('#rayon option').evaluateAll((os) => os.map((o) => o.value)), ['5', '10', '15', '30', '50']);
      await checkAxe('the empty search page');
    });

    step('au clavier seulement : lien d’évitement, Tab jusqu’au champ, Entrée lance la recherche 75018', async () => {
      await openEmpty();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Aller au contenu', 'skip link comes first');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'contenu', 'the skip link moves focus to <main>');
      assert.equal(new URL(page.url()).hash, '', 'the skip link does not change the route');
      let tabs = 0;
      while (await page.evaluate(() => document.activeElement?.id) !== 'cp') {
        tabs += 1;
        assert.ok(tabs < 15, 'the postal-code field is reachable with Tab');
        await page.keyboard.press('Tab');
      }
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', 'keyboard focus is visible');
      await page.keyboard.type('75018');
      await page.keyboard.press('Enter');

      const heading = await resultsHeading('75018');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'titre-resultats', 'focus moves to the results heading');
      assert.match(new URL(page.url()).hash, /cp=75018/);
      assert.match(new URL(page.url()).hash, /pays=FR/);
      assert.match(new URL(page.url()).hash, /rayon=15/);
      assert.ok(await heading.isVisible());

      const place = page.locator('#titre-lieu').locator('xpath=..');
      await place.getByText('Paris 18e Arrondissement').waitFor();
      const placeText = await place.innerText();
      assert.match(placeText, /75118/, 'INSEE code shown');
      assert.match(placeText, /Paris \(75\)/, 'department shown');
      assert.match(placeText, /Île-de-France/, 'region shown');

      const expected = await api('/api/services?postalCode=75018&country=FR&radiusKm=15&limit=20&offset=0');
      assert.equal(expected.status, 200);
      const services = page.locator('#titre-services').locator('xpath=..');
      const servicesText = await services.innerText();
      assert.ok(servicesText.includes(expected.body.dataset.label), 'the dataset notice (dataset.label) is shown');
      assert.match(servicesText, /2016/);
      assert.ok(expected.body.total > 0, 'the API knows services near 75018');
      const distances = await page.locator('.service__distance').allInnerTexts();
      assert.ok(distances.length > 0, 'at least one service');
      assert.match(distances[0], /^à\s\d+(,\d+)?\skm$|^à moins de 100\sm$/, 'French-formatted distance');

      await page.waitForFunction(() => /service/.test(document.getElementById('annonce')?.textContent || ''));
      const status = await page.locator('#annonce').textContent();
      assert.match(status, /commune.*service.*à moins de 15\skm/, `status announces the results: "${status}"`);
      await checkAxe('the results page (75018)');
    });

    step('« Voir plus » charge la page suivante', async () => {
      // The public services' button (each service of approved providers has its own « Voir plus »).
      const more = page.locator('#titre-services').locator('xpath=..').getByRole('button', { name: /Voir plus/ });
      const first = await api('/api/services?postalCode=75018&country=FR&radiusKm=15&limit=20&offset=0');
      if (first.body.total <= first.body.services.length) {
        assert.equal(await more.isVisible(), false, 'no « Voir plus » when everything is shown');
        return;
      }
      const before = await page.locator('.service').count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('.service').length > n, before);
      const after = await page.locator('.service').count();
      assert.equal(after, Math.min(first.body.total, before + 20));
      assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('service__nom')), 'focus on the first new service');
    });

    step('un lien vers une recherche affiche ses résultats', async () => {
      await page.goto(`${BASE_URL}/`);
      await page.goto(`${BASE_URL}/#/?cp=75018&pays=FR&rayon=5`);
      await resultsHeading('75018');
      assert.equal(await page.getByRole('textbox', { name: 'Code postal', exact: true }).inputValue(), '75018');
      assert.equal(await page.getByLabel('Rayon de recherche').inputValue(), '5');
      await page.locator('#titre-services').filter({ hasText: /5\skm/ }).waitFor();
    });

    step('Belgique : 1000 affiche Bruxelles, et l’historique revient à la recherche précédente', async () => {
      await search('1000', 'BE');
      await resultsHeading('1000');
      assert.match(new URL(page.url()).hash, /pays=BE/);
      const placeText = await page.locator('#titre-lieu').locator('xpath=..').innerText();
      assert.match(placeText, /Bruxelles/);
      const services = await api('/api/services?postalCode=1000&country=BE&radiusKm=15&limit=20&offset=0');
      assert.equal(services.status, 200);
      if (services.body.total === 0) {
        await page.locator('#titre-services').locator('xpath=..').getByText(/ne couvrent que la France/).waitFor();
      }
      await checkAxe('the Belgian results page (1000)');

      await page.goBack();
      await resultsHeading('75018');
      assert.equal(await page.getByLabel('France', { exact: true }).isChecked(), true);
      await page.goForward();
      await resultsHeading('1000');
    });

    step('code mal formé 7501 : erreur liée au champ, sans appel au serveur', async () => {
      await openEmpty();
      const hash = new URL(page.url()).hash;
      const calls = apiRequests.length;
      await search('7501');
      const error = page.locator('#cp-erreur');
      await error.waitFor();
      assert.match(await error.innerText(), /cinq chiffres/);
      const input = page.getByRole('textbox', { name: 'Code postal', exact: true });
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.match(await input.getAttribute('aria-describedby'), /\bcp-erreur\b/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'cp', 'focus back on the field');
      assert.equal(apiRequests.length, calls, 'no API call for a malformed code');
      assert.equal(new URL(page.url()).hash, hash, 'the search in the address does not change');
      await checkAxe('the client-side error');
    });

    step('code inconnu 00000 : le détail du problème (404) renvoyé par le serveur', async () => {
      const problem = await api('/api/postal-codes/00000?country=FR');
      assert.equal(problem.status, 404);
      assert.match(problem.type, /application\/problem\+json/);
      assert.ok(problem.body.detail, 'the 404 problem has a detail');

      await openEmpty();
      await search('00000');
      await resultsHeading('00000');
      const box = page.locator('.probleme');
      await box.waitFor();
      const text = await box.innerText();
      assert.ok(text.includes(problem.body.title), `problem title shown: ${problem.body.title}`);
      assert.ok(text.includes(problem.body.detail), `problem detail shown: ${problem.body.detail}`);
      const input = page.getByRole('textbox', { name: 'Code postal', exact: true });
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.match(await input.getAttribute('aria-describedby'), /\bcp-probleme\b/);
      assert.equal(await page.evaluate(() => document.activeElement?.closest('.probleme') !== null), true, 'focus on the problem');
      await checkAxe('the server problem (404)');
    });
  });
}
