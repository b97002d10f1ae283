// Coordination, signals and a parent's data, in the browser:
// - a coordinator of Corse-du-Sud (2A) signs in and sees their department's figures, as key
//   figures, charts (inline SVG with a text alternative) and a table, and downloads the CSV;
// - an agent sees the provider who declared eight sessions in one day flagged, with the evidence;
// - a parent downloads their data, then erases their account (a confirmation is required).
// axe-core on each page.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser
//
// The set-up goes through the API (a provider of Ajaccio approved, two parents of Ajaccio with
// five vouchers each, eight sessions declared today). Figures accumulate when the suite runs
// again against the same runtime: the page is compared with the API, not with constants.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { browserSuite, BASE_URL, uniqueWord, uniqueRpps, tokenFor, api, applicationBody } from './helpers.mjs';

const TAG = uniqueWord();
const PROVIDER_NAME = `Cabinet ${TAG}`;
const PROVIDER_ACCOUNT = `Prestataire ${TAG}`;
const PARENTS = [`Parent ${TAG} Un`, `Parent ${TAG} Deux`];
const COORDINATOR_ACCOUNT = `Coordination ${TAG}`;
const AGENT_ACCOUNT = `Agent ${TAG}`;

function parisToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

browserSuite('Coordination : tableau de bord, signaux, données du parent', (t) => {
  const { step, checkAxe, heading, nav } = t;
  let page;
  let providerId;

  step('mise en place par l’API : un cabinet d’Ajaccio, deux parents, huit séances le même jour', async () => {
    page = t.page();
    const agent = await tokenFor('agent', AGENT_ACCOUNT);
    const provider = await tokenFor('provider', PROVIDER_ACCOUNT);
    const applied = await api('POST', '/api/providers/applications', {
      token: provider, body: applicationBody({ displayName: PROVIDER_NAME, rpps: uniqueRpps(), postalCode: '20000', communeCode: '2A004' }),
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    providerId = applied.body.id;
    assert.equal((await api('POST', `/api/back-office/providers/${providerId}/decisions`, { token: agent, body: { decision: 'approve' } })).status, 200);
    const codes = [];
    for (const name of PARENTS) {
      const minted = await api('POST', '/api/vouchers', {
        token: await tokenFor('parent', name), body: { service: 'psychologist', sessions: 5, incomeTier: 'A', postalCode: '20000' },
      });
      assert.equal(minted.status, 201, JSON.stringify(minted.body));
      assert.ok(minted.body.vouchers.every((v) => v.code));
      codes.push(...minted.body.vouchers.map((v) => v.code));
    }
    for (const code of codes.slice(0, 8)) {
      const response = await fetch(`${BASE_URL}/api/redemptions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${provider}`, 'Idempotency-Key': `${TAG}-${code}` },
        body: JSON.stringify({ code, sessionDate: parisToday() }),
      });
      assert.equal(response.status, 202);
    }
    // The consumer applies the sessions: wait until the eighth is counted for the signals.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const signals = await api('GET', '/api/back-office/signals', { token: agent });
      if (signals.body.signals.some((s) => s.providerId === providerId && s.kind === 'same-day-cluster')) break;
      assert.ok(Date.now() < deadline, 'the sessions are applied and counted');
      await new Promise((resolve) => { setTimeout(resolve, 500); });
    }
  });

  step('la coordination de Corse-du-Sud voit les chiffres de son département, en graphiques et en tableau', async () => {
    const coordinator = await tokenFor('coordinator', COORDINATOR_ACCOUNT, '2A');
    const figures = (await api('GET', '/api/coordination/dashboard', { token: coordinator })).body;
    assert.equal(figures.area, '2A');
    const issued = figures.rows.reduce((a, r) => a + r.issued, 0);
    const redeemed = figures.rows.reduce((a, r) => a + r.redeemed, 0);
    assert.ok(issued >= 10 && redeemed >= 8, 'the set-up is counted in 2A');

    await page.goto(`${BASE_URL}/#/connexion`);
    await heading('Se connecter');
    await page.getByRole('radio', { name: 'Coordination départementale', exact: true }).check();
    await page.getByRole('textbox', { name: 'Département' }).fill('2A');
    await page.getByRole('textbox', { name: 'Nom du compte' }).fill(COORDINATOR_ACCOUNT);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await heading('Tableau de bord');
    await page.getByRole('heading', { level: 2, name: /^Département 2A/ }).waitFor();
    const keyFigure = (label) => page.locator('.chiffres-cles__item').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    assert.equal((await keyFigure('Bons émis').innerText()).replace(/\s/g, ''), String(issued));
    assert.equal((await keyFigure('Bons utilisés').innerText()).replace(/\s/g, ''), String(redeemed));
    const chart = page.getByRole('img', { name: /^Bons par mois/ });
    await chart.waitFor();
    assert.ok(await chart.locator('rect').count() >= 3, 'bars drawn');
    assert.match(await page.locator('#graphique-bons desc').textContent(), /Bons émis \d+/);
    await page.getByRole('img', { name: /^Distance entre le parent et le professionnel/ }).waitFor();
    const table = page.getByRole('table', { name: 'Chiffres par mois et par service' });
    assert.match(await table.innerText(), /Psychologue/);
    await checkAxe('the coordination dashboard');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger en CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^passerelle-2A-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.match(lines[0], /^area,month,service,parents_helped,vouchers_issued,vouchers_redeemed/);
    const psychologists = lines.filter((l) => l.startsWith('2A,') && l.split(',')[2] === 'psychologist');
    assert.equal(psychologists.reduce((a, l) => a + Number(l.split(',')[4]), 0),
      figures.rows.filter((r) => r.service === 'psychologist').reduce((a, r) => a + r.issued, 0));
    await page.getByRole('status').filter({ hasText: 'téléchargé' }).waitFor();
    assert.equal(await nav().getByRole('link', { name: 'Signaux' }).count(), 0, 'signals are for agents');
  });

  step('l’agent voit le cabinet signalé, avec les éléments, sans blocage de paiement', async () => {
    await t.signIn('Agent du programme', AGENT_ACCOUNT);
    await nav().getByRole('link', { name: 'Signaux' }).click();
    await heading('Signaux d’anomalie');
    await page.getByText('il ne bloque aucun paiement').first().waitFor();
    const card = page.getByRole('article').filter({ has: page.getByRole('link', { name: PROVIDER_NAME, exact: true }) })
      .filter({ has: page.getByRole('heading', { name: 'Nombreuses séances le même jour' }) });
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`${parisToday()} : (8|9|\\d\\d) séances`));
    assert.match(await card.innerText(), /département 2A/);
    await checkAxe('the signals page');
    await nav().getByRole('link', { name: 'Tableau de bord' }).click();
    await page.getByRole('heading', { level: 2, name: /^France entière/ }).waitFor();
  });

  step('le parent télécharge ses données puis efface son compte', async () => {
    await t.signIn('Parent', PARENTS[0]);
    await nav().getByRole('link', { name: 'Mes données' }).click();
    await heading('Mes données');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger mes données' }).click(),
    ]);
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(data.vouchers.length, 5);
    assert.ok(data.vouchers.every((v) => v.department === '2A' && v.postalCode === '20000'));
    assert.match(data.retention, /10 ans/);
    await checkAxe('the my-data page');

    await page.getByRole('button', { name: 'Effacer mon compte' }).click();
    await page.getByText('Cochez la case pour confirmer l’effacement.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'effacement-confirmation');
    await page.getByRole('checkbox', { name: 'Je comprends que cet effacement est définitif.' }).check();
    await page.getByRole('button', { name: 'Effacer mon compte' }).click();
    await page.getByRole('heading', { name: 'Compte effacé' }).waitFor();
    const after = await api('GET', '/api/me/data', { token: await tokenFor('parent', PARENTS[0]) });
    assert.equal(after.status, 200);
    assert.equal(after.body.vouchers.length, 0, 'nothing left about the parent');
    // The sessions the provider held stay in their history, without the parent.
    const history = await api('GET', '/api/redemptions', { token: await tokenFor('provider', PROVIDER_ACCOUNT) });
    assert.ok(history.body.items.filter((r) => r.status === 'applied').length >= 8);
  });
});
