// The money path on ordinary data, in the browser (issue 12): a provider whose parents live in
// two departments (Paris, Seine-Saint-Denis) is paid by the next run the agent starts from the
// page; the same provider declaring again a voucher already used is told so, with the first
// session's date, instead of « Séance enregistrée ». axe-core on each state checked.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser

import assert from 'node:assert/strict';
import { browserSuite, uniqueWord, tokenFor, api, approvedProvider, parisToday, until } from './helpers.mjs';

const TAG = uniqueWord();
const AGENT_ACCOUNT = `Agent ${TAG} Argent`;
const PROVIDER_ACCOUNT = `Psy ${TAG} Argent`;

const parisTodayInWords = () => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());

browserSuite('Argent : parents de deux départements payés, bon déjà utilisé refusé avec sa date', (t) => {
  const { step, checkAxe, heading, nav } = t;
  let page;
  let providerToken;
  let codes;

  step('mise en place : une psychologue agréée, un bon d’un parent de Paris et un de Seine-Saint-Denis, déclarés', async () => {
    page = t.page();
    providerToken = await tokenFor('provider', PROVIDER_ACCOUNT);
    const agentToken = await tokenFor('agent', AGENT_ACCOUNT);
    const { created } = await approvedProvider(providerToken, agentToken, `Cabinet ${TAG} Argent`);
    codes = [];
    for (const postalCode of ['75011', '93100']) {
      const parentToken = await tokenFor('parent', `Parent ${TAG} ${postalCode}`);
      const minted = await api('POST', '/api/vouchers', {
        token: parentToken, body: { service: 'psychologist', providerId: created.id, sessions: 1, incomeTier: 'A', postalCode },
      });
      assert.equal(minted.status, 201, JSON.stringify(minted.body));
      codes.push(minted.body.vouchers[0].code);
    }
    for (const [i, code] of codes.entries()) {
      const response = await fetch(`${process.env.BASE_URL.replace(/\/+$/, '')}/api/redemptions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${providerToken}`, 'Idempotency-Key': `${TAG}-argent-${i}` },
        body: JSON.stringify({ code, sessionDate: parisToday() }),
      });
      const accepted = await response.json();
      assert.equal(response.status, 202, JSON.stringify(accepted));
      await until(`redemption ${accepted.redemptionId} applied`, async () => (await api('GET', `/api/redemptions/${accepted.redemptionId}`, { token: providerToken })).body?.status === 'applied');
    }
  });

  step('l’agent lance le remboursement suivant : il se termine et paie les deux séances', async () => {
    await t.signIn('Agent du programme', AGENT_ACCOUNT);
    await nav().getByRole('link', { name: 'Remboursements' }).click();
    await heading('Remboursements');
    await page.getByRole('table', { name: 'Remboursements, du plus récent au plus ancien' }).or(page.getByText('Aucun remboursement pour l’instant.')).first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Lancer un remboursement' }).click();
    const started = page.getByRole('status').filter({ hasText: /Remboursement .* lancé/ });
    await started.waitFor({ timeout: 60_000 });
    const runId = (await started.innerText()).match(/Remboursement (\S+) lancé/)[1];
    const row = page.getByRole('table', { name: 'Remboursements, du plus récent au plus ancien' }).locator('tbody tr').filter({ hasText: runId });
    await row.getByText('Terminé', { exact: true }).waitFor({ timeout: 60_000 });
    await checkAxe('the runs page with the run completed');
    await t.signOut();

    const statement = await api('GET', `/api/statements/${runId}`, { token: providerToken });
    assert.equal(statement.status, 200, JSON.stringify(statement.body));
    assert.deepEqual(statement.body.lines.map((l) => l.code).sort(), [...codes].sort(), 'both sessions, both departments');
    assert.equal(statement.body.payableCents, 2 * 5000);
  });

  step('la professionnelle déclare à nouveau un bon déjà utilisé : erreur avec la date de la première séance', async () => {
    await t.signIn('Prestataire', PROVIDER_ACCOUNT);
    await heading('Mon dossier');
    await page.getByRole('link', { name: 'Déclarer une séance et suivre mes déclarations' }).click();
    await heading('Déclarer une séance');
    const field = page.getByRole('textbox', { name: 'Code du bon' });
    await field.fill(codes[0]);
    await page.getByRole('button', { name: 'Déclarer la séance' }).click();
    // (waitFor below: 60 s, a cold start of the redemption function on a loaded machine)
    const said = page.locator('.resume-erreurs').getByRole('link', { name: new RegExp(`^Code du bon : Ce bon a déjà été utilisé le ${parisTodayInWords()}`) });
    await said.waitFor({ timeout: 60_000 });
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#seance-resultat').getByRole('heading', { name: 'Séance enregistrée' }).count(), 0, 'not a success');
    await checkAxe('the declaration refused: voucher already used');
    const declared = (await api('GET', '/api/redemptions?limit=100', { token: providerToken })).body.items.filter((r) => r.code === codes[0]);
    assert.deepEqual(declared.map((r) => r.status), ['applied'], 'still one declaration of that voucher');
  });
});
