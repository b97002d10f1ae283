// Reimbursement in the browser: an agent starts a run, watches it progress to the end and
// downloads the SEPA payment file; the provider finds the statement matching the sessions they
// redeemed (by voucher code, rule version, amounts), prints it and downloads it as CSV. axe-core
// on each page.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser
//
// Set-up goes through the API: an approved psychologist, two vouchers of a parent, both
// redeemed and applied. The run pays every applied session of the runtime (other suites' too).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { browserSuite, uniqueWord, tokenFor, api, approvedProvider, redeem, until } from './helpers.mjs';

const TAG = uniqueWord();
const AGENT_ACCOUNT = `Agent ${TAG}`;
const PROVIDER_ACCOUNT = `Psy ${TAG}`;
const PARENT_ACCOUNT = `Parent ${TAG}`;

browserSuite('Remboursements : lancement, avancement, fichier SEPA, relevé du professionnel', (t) => {
  const { step, checkAxe, heading, nav } = t;
  let page;
  let providerToken;
  let codes;
  let runId;

  step('mise en place : une psychologue agréée, deux bons remis et déclarés, par l’API', async () => {
    page = t.page();
    providerToken = await tokenFor('provider', PROVIDER_ACCOUNT);
    const agentToken = await tokenFor('agent', AGENT_ACCOUNT);
    const { created } = await approvedProvider(providerToken, agentToken, `Cabinet ${TAG}`);
    const parentToken = await tokenFor('parent', PARENT_ACCOUNT);
    const minted = await api('POST', '/api/vouchers', {
      token: parentToken, body: { service: 'psychologist', providerId: created.id, sessions: 2, incomeTier: 'A' },
    });
    assert.equal(minted.status, 201, JSON.stringify(minted.body));
    codes = minted.body.vouchers.map((v) => v.code);
    const accepted = [];
    for (const [i, code] of codes.entries()) accepted.push(await redeem(providerToken, code, `${TAG}-${i}`));
    for (const a of accepted) {
      await until(`redemption ${a.redemptionId} applied`, async () => (await api('GET', `/api/redemptions/${a.redemptionId}`, { token: providerToken })).body?.status === 'applied');
    }
  });

  step('l’agent lance un remboursement et le suit jusqu’au bout', async () => {
    await t.signIn('Agent du programme', AGENT_ACCOUNT);
    await nav().getByRole('link', { name: 'Remboursements' }).click();
    await heading('Remboursements');
    await page.getByRole('table', { name: 'Remboursements, du plus récent au plus ancien' }).or(page.getByText('Aucun remboursement pour l’instant.')).first().waitFor();
    await checkAxe('the runs page');
    await page.getByRole('button', { name: 'Lancer un remboursement' }).click();
    const started = page.getByRole('status').filter({ hasText: /Remboursement .* lancé/ });
    await started.waitFor();
    runId = (await started.innerText()).match(/Remboursement (\S+) lancé/)[1];
    // The page polls: the row of this run ends up « Terminé » with its payment file.
    const table = page.getByRole('table', { name: 'Remboursements, du plus récent au plus ancien' });
    const row = table.locator('tbody tr').filter({ hasText: runId });
    await row.getByText('Terminé', { exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByRole('heading', { name: /Remboursement en cours/ }).count(), 0, 'nothing in progress any more');
    const run = (await api('GET', `/api/back-office/reimbursement-runs/${runId}`, { token: await tokenFor('agent', AGENT_ACCOUNT) })).body;
    assert.equal(run.status, 'completed');
    assert.ok(run.transfers >= 1);
    assert.match(await row.innerText(), new RegExp(run.fileReference));
    await checkAxe('the runs page with a completed run');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: `Télécharger le fichier de virements ${run.fileReference}` }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `virements-${runId}.xml`);
    const xml = await readFile(await download.path(), 'utf8');
    assert.match(xml, /urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.09/);
    assert.match(xml, new RegExp(`<MsgId>${run.fileReference}</MsgId>`));
    assert.match(xml, new RegExp(`<Nm>Cabinet ${TAG}</Nm>`));
    await t.signOut();
  });

  step('la professionnelle retrouve son relevé : ses deux séances par code de bon, imprimable et en CSV', async () => {
    await t.signIn('Prestataire', PROVIDER_ACCOUNT);
    await nav().getByRole('link', { name: 'Mes relevés' }).click();
    await heading('Mes relevés');
    const table = page.getByRole('table', { name: 'Relevés, du plus récent au plus ancien' });
    await table.waitFor();
    const row = table.locator('tbody tr').first();
    assert.match(await row.innerText(), /100\s€/, 'two sessions at 50 € (tier A: no co-payment)');
    await checkAxe('the statements list');

    await row.getByRole('link', { name: /^Voir et imprimer le relevé / }).click();
    await heading(/^Relevé PAS-/);
    const lines = page.getByRole('table', { name: '2 lignes' });
    await lines.waitFor();
    for (const code of codes) {
      const line = lines.locator('tbody tr').filter({ hasText: code });
      assert.equal(await line.count(), 1, `the session of ${code}`);
      assert.match(await line.innerText(), /n° \d+/, 'its rule version');
    }
    assert.doesNotMatch(await page.locator('#page').innerText(), new RegExp(PARENT_ACCOUNT), 'no parent identity');
    await page.getByRole('button', { name: 'Imprimer' }).waitFor();
    await checkAxe('the printable statement');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Télécharger en CSV le relevé / }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    for (const code of codes) assert.match(csv, new RegExp(`;seance;${code};psychologist;`));
    assert.match(csv, /;;verse;;;;;;;100,00/);
  });
});
