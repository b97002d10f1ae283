// The acceptance test of the providers' directory, in the browser, as people use it:
// a provider applies (an invalid IBAN first), an agent approves, a parent finds the provider
// near 75018 under « Psychologue », the agent suspends, and the provider leaves the directory
// within seconds. axe-core runs on each page along the way. Ends with expired and forged tokens.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser
//
// The runtime needs no demo data: everything is created through the UI, with names unique to
// the run (so the suite can run again against the same runtime).

import assert from 'node:assert/strict';
import {
  browserSuite, BASE_URL, uniqueWord, uniqueRpps, forgedToken, GOOD_IBAN, BAD_IBAN,
} from './helpers.mjs';

const TAG = uniqueWord();
const PROVIDER_ACCOUNT = `Prestataire ${TAG}`;
const AGENT_ACCOUNT = `Agent ${TAG}`;
const PARENT_ACCOUNT = `Parent ${TAG}`;
const DISPLAY_NAME = `Claire ${TAG}`;
const RPPS = uniqueRpps();
const SUSPENSION_REASON = `Plainte d’un parent (${TAG}) : vérification en cours.`;

browserSuite('Annuaire des prestataires : candidature, agrément, recherche, suspension', (t) => {
  const { step, checkAxe, header, nav, heading } = t;
  let page;
  let providerId;

  step('la page de connexion : rôles en boutons radio, nom prérempli par rôle, département pour la coordination', async () => {
    page = t.page();
    await page.goto(`${BASE_URL}/#/connexion`);
    await heading('Se connecter');
    assert.match(await page.title(), /^Se connecter · Passerelle$/);
    const roles = page.getByRole('group', { name: 'Vous êtes' }).getByRole('radio');
    // The heading comes first; the local accounts' form follows once /local-auth/accounts answers.
    await roles.first().waitFor();
    assert.equal(await roles.count(), 4);
    assert.ok(await page.getByRole('radio', { name: 'Parent', exact: true }).isChecked(), 'parent by default');
    const nameField = page.getByRole('textbox', { name: 'Nom du compte' });
    assert.equal(await nameField.inputValue(), 'Parent démo');
    await page.getByRole('radio', { name: 'Prestataire', exact: true }).check();
    assert.equal(await nameField.inputValue(), 'Prestataire démo', 'the suggested name follows the role');
    const department = page.getByRole('textbox', { name: 'Département' });
    assert.equal(await department.isVisible(), false);
    await page.getByRole('radio', { name: 'Coordination départementale', exact: true }).check();
    assert.equal(await department.isVisible(), true, 'department asked for the coordination');
    assert.equal(await department.inputValue(), '75');
    await page.getByRole('radio', { name: 'Parent', exact: true }).check();
    assert.equal(await header().getByRole('button', { name: 'Se déconnecter' }).count(), 0);
    assert.deepEqual(await nav().getByRole('link').allInnerTexts(), ['Trouver de l’aide près de chez moi', 'Je me sépare'], 'signed out: the public pages only');
    await checkAxe('the sign-in page');
  });

  step('« Mon dossier » sans connexion invite à se connecter, puis y revient', async () => {
    await page.goto(`${BASE_URL}/#/prestataire`);
    await heading('Mon dossier');
    await page.getByRole('heading', { name: 'Connexion requise' }).waitFor();
    await page.locator('#page').getByRole('link', { name: 'Se connecter' }).click();
    await heading('Se connecter');
    assert.match(decodeURIComponent(new URL(page.url()).hash), /retour=\/prestataire/);
    assert.ok(await page.getByRole('radio', { name: 'Prestataire', exact: true }).isChecked(), 'the role follows where the user came from');
    await t.fillSignIn('Prestataire', PROVIDER_ACCOUNT);
    await heading('Mon dossier');
    assert.equal(new URL(page.url()).hash, '#/prestataire', 'back where the provider came from');
    assert.match(await header().innerText(), new RegExp(`${PROVIDER_ACCOUNT}\\s*·\\s*prestataire`));
    const link = nav().getByRole('link', { name: 'Mon dossier' });
    assert.equal(await link.getAttribute('aria-current'), 'page');
    assert.equal(await nav().getByRole('link', { name: 'Dossiers prestataires' }).count(), 0);
    await page.getByRole('heading', { name: 'Déposer ma candidature' }).waitFor();
  });

  step('la candidature, d’abord avec un IBAN invalide : l’erreur près du champ et dans le résumé', async () => {
    const form = page.getByRole('form', { name: 'Candidature' });
    await form.getByRole('textbox', { name: 'Nom affiché dans l’annuaire' }).fill(DISPLAY_NAME);
    await form.getByRole('radio', { name: 'Psychologue', exact: true }).check();
    assert.ok(await form.getByRole('radio', { name: 'RPPS (France)' }).isChecked(), 'RPPS by default in France');
    await form.getByRole('textbox', { name: 'Numéro RPPS' }).fill(RPPS);
    await form.getByRole('textbox', { name: 'Numéro et rue' }).fill('12 rue Ordener');
    await form.getByRole('textbox', { name: 'Code postal' }).fill('75018');
    const commune = form.getByRole('combobox', { name: 'Commune' });
    await page.waitForFunction(() => document.getElementById('pf-commune')?.value === '75118');
    assert.equal(await commune.locator('option:checked').innerText(), 'Paris 18e Arrondissement');
    await form.getByRole('textbox', { name: 'Rayon autour du cabinet' }).fill('10');
    await form.getByRole('textbox', { name: /Départements ou provinces/ }).fill('75, 93');
    await form.getByRole('checkbox', { name: 'anglais' }).check();
    await form.getByRole('checkbox', { name: 'Je propose des séances à distance (en visio)' }).check();
    await form.getByRole('checkbox', { name: 'Mon cabinet est accessible en fauteuil roulant' }).check();
    await form.getByRole('textbox', { name: 'Téléphone (facultatif)' }).fill('01 23 45 67 89');
    await form.getByRole('textbox', { name: 'Site internet (facultatif)' }).fill('https://cabinet.example.org');
    const publish = form.getByRole('group', { name: 'Ce que l’annuaire montre aux parents' });
    await publish.getByRole('checkbox', { name: 'Téléphone' }).check();
    await publish.getByRole('checkbox', { name: 'Site internet' }).check();
    await form.getByRole('textbox', { name: 'IBAN' }).fill(BAD_IBAN);
    await form.getByRole('textbox', { name: 'BIC' }).fill('AGRIFRPP');
    const charter = form.getByRole('group', { name: /Charte des prestataires \(version 2026-01\)/ });
    for (const commitment of ['délai raisonnable', 'Ne demander aucun paiement', 'Déclarer chaque séance', 'secret professionnel', 'Signaler tout changement']) {
      await charter.getByText(commitment).waitFor();
    }
    await charter.getByRole('checkbox', { name: 'J’ai lu et j’accepte la charte' }).check();
    await form.getByRole('button', { name: 'Déposer ma candidature' }).click();

    const summary = page.locator('.resume-erreurs');
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('resume-erreurs')), true, 'focus on the error summary');
    assert.match(await page.title(), /^Erreur : /, 'the title says there is an error');
    const summaryLink = summary.getByRole('link', { name: /^IBAN : .*clé de contrôle/ });
    assert.equal(await summaryLink.getAttribute('href'), '#pf-iban');
    assert.equal(await summary.getByRole('link').count(), 1, 'only the IBAN is wrong');
    const iban = form.getByRole('textbox', { name: 'IBAN' });
    assert.equal(await iban.getAttribute('aria-invalid'), 'true');
    assert.match(await iban.getAttribute('aria-describedby'), /\bpf-iban-erreur\b/);
    assert.match(await page.locator('#pf-iban-erreur').innerText(), /clé de contrôle de l'IBAN est fausse/);
    await checkAxe('the application form with errors');

    await summaryLink.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'pf-iban', 'the summary link focuses the field');
    assert.equal(new URL(page.url()).hash, '#/prestataire', 'the summary link does not change the route');
  });

  step('IBAN corrigé : la candidature est déposée et « En cours d’examen »', async () => {
    await page.getByRole('textbox', { name: 'IBAN' }).fill(GOOD_IBAN);
    await page.getByRole('button', { name: 'Déposer ma candidature' }).click();
    await page.locator('.succes').filter({ hasText: 'Votre candidature a été déposée' }).waitFor();
    const state = page.getByRole('region', { name: /Où en est mon dossier/ });
    await state.getByText('En cours d’examen', { exact: true }).waitFor();
    await state.getByRole('link', { name: 'Modifier ma candidature' }).waitFor();
    const details = await page.locator('#page').innerText();
    assert.ok(details.includes(DISPLAY_NAME));
    assert.ok(details.includes('FR76 •••• 0189'), 'the IBAN is masked for the provider');
    assert.ok(!details.includes('0112 3456'), 'never the full IBAN');
    assert.ok(details.includes('Paris 18e Arrondissement'));
    assert.doesNotMatch(await page.title(), /Erreur/);
    await checkAxe('the provider status page (submitted)');
  });

  step('un agent trouve la candidature dans « À examiner » et l’agrée', async () => {
    await t.signOut();
    await t.fillSignIn('Agent du programme', AGENT_ACCOUNT);
    await heading('Dossiers prestataires');
    assert.equal(new URL(page.url()).hash, '#/back-office/prestataires', 'the agent lands on the queue');
    assert.equal(await nav().getByRole('link', { name: 'Mon dossier' }).count(), 0);
    const tabs = page.getByRole('navigation', { name: 'Statut des dossiers' });
    assert.equal(await tabs.getByRole('link', { name: 'À examiner' }).getAttribute('aria-current'), 'page');
    assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), ['À examiner', 'Agréés', 'Suspendus', 'Refusés', 'Changements de compte bancaire']);
    const row = await t.queueRow(DISPLAY_NAME);
    assert.equal(await row.count(), 1, `${DISPLAY_NAME} is waiting for review`);
    assert.match(await row.innerText(), /Psychologue/);
    assert.match(await row.innerText(), new RegExp(`RPPS ${RPPS}`));
    await checkAxe('the agent queue');

    await row.getByRole('link', { name: DISPLAY_NAME }).click();
    await heading(DISPLAY_NAME);
    providerId = decodeURIComponent(new URL(page.url()).hash.split('/').pop());
    const text = await page.locator('#page').innerText();
    assert.ok(text.includes('FR76 3000 6000 0112 3456 7890 189'), 'the agent sees the full IBAN');
    assert.ok(text.includes('AGRIFRPP'));
    assert.ok(text.includes(RPPS));
    assert.ok(text.includes('code INSEE 75118'));
    const audit = page.getByRole('table', { name: /Journal du dossier/ });
    const first = audit.locator('tbody tr').first();
    assert.match(await first.innerText(), /prestataire/);
    assert.match(await first.innerText(), /Candidature déposée/);
    assert.match(await first.innerText(), /Statut : \(vide\)\s*→\s*devient\s*à examiner/);
    assert.match(await first.innerText(), /\d{1,2} \S+ \d{4} à \d{2}:\d{2}/, 'date and time, French format');
    const decision = page.getByRole('region', { name: 'Décision' });
    assert.deepEqual(await decision.getByRole('button').filter({ visible: true }).allInnerTexts(), ['Agréer', 'Refuser…']);
    await checkAxe('the agent record page');

    await decision.getByRole('button', { name: 'Agréer' }).click();
    const done = page.locator('.succes').filter({ hasText: 'le prestataire est agréé' });
    await done.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('succes')), true, 'focus on the outcome');
    await page.getByRole('region', { name: 'Décision' }).getByRole('button', { name: 'Suspendre…' }).waitFor();
    const last = page.getByRole('table', { name: /Journal du dossier/ }).locator('tbody tr').last();
    assert.match(await last.innerText(), /agent \(vous\)/);
    assert.match(await last.innerText(), /Agrément/);
    assert.match(await last.innerText(), /Statut : à examiner\s*→\s*devient\s*agréé/);
  });

  step('un parent cherche 75018 et trouve le prestataire sous « Psychologue », avec sa distance', async () => {
    await t.signOut();
    await t.fillSignIn('Parent', PARENT_ACCOUNT);
    assert.equal(new URL(page.url()).hash, '#/', 'a parent lands on the search');
    assert.deepEqual(await nav().getByRole('link').allInnerTexts(), ['Trouver de l’aide près de chez moi', 'Je me sépare', 'Mes bons', 'Mes données'], 'a parent has no back-office link');
    await t.searchUntil('75018', 'psychologist', DISPLAY_NAME, { shown: true });
    const card = await t.providerCard('psychologist', DISPLAY_NAME);
    const text = await card.innerText();
    assert.match(text, /Psychologue/);
    assert.match(text, /Paris 18e Arrondissement/);
    const distance = await card.locator('.prestataire__distance').innerText();
    assert.match(distance, /^à\s\d+(,\d+)?\skm$|^à moins de 100\sm$/, `French-formatted distance: ${distance}`);
    assert.match(text, /Langues : français, anglais/);
    await card.getByText('Séances à distance').waitFor();
    await card.getByText('Accessible en fauteuil roulant').waitFor();
    assert.equal(await card.getByRole('link', { name: '01 23 45 67 89' }).getAttribute('href'), 'tel:0123456789');
    await card.getByRole('link', { name: /cabinet\.example\.org/ }).waitFor();
    assert.ok(!text.includes('12 rue Ordener'), 'the street is not published');
    for (const other of ['family-mediator', 'lawyer', 'social-worker']) {
      const elsewhere = page.locator(`section[aria-labelledby="titre-prestataires-${other}"]`).getByRole('link', { name: DISPLAY_NAME });
      assert.equal(await elsewhere.count(), 0, `not listed under ${other}`);
    }
    const sections = await page.locator('#titre-prestataires').locator('xpath=..').locator('h4').allInnerTexts();
    assert.deepEqual(sections, ['Psychologue', 'Médiation familiale', 'Avocat', 'Assistant de service social']);
    assert.match(await page.locator('.resultats__resume').innerText(), /professionnels? agréés?/);
    await checkAxe('the search results with providers');
  });

  step('la fiche publique du prestataire', async () => {
    const card = await t.providerCard('psychologist', DISPLAY_NAME);
    await card.getByRole('link', { name: DISPLAY_NAME }).click();
    await heading(DISPLAY_NAME);
    assert.equal(decodeURIComponent(new URL(page.url()).hash.split('?')[0]), `#/prestataires/${providerId}`);
    const text = await page.locator('#page').innerText();
    assert.match(text, /Psychologue/);
    assert.match(text, /75018 Paris 18e Arrondissement/);
    assert.match(text, /Séances à distance\s+Oui/);
    assert.match(text, /Accessible en fauteuil roulant\s+Oui/);
    assert.match(text, /jusqu’à 10\skm autour du cabinet/);
    assert.ok(!text.includes('cabinet@') && !text.includes('AGRIFRPP'), 'nothing unpublished');
    await page.getByRole('link', { name: 'Retour aux résultats pour 75018' }).waitFor();
    await checkAxe('the provider public page');
  });

  step('l’agent le suspend, avec un motif : il quitte l’annuaire en quelques secondes', async () => {
    await t.signOut();
    await t.fillSignIn('Agent du programme', AGENT_ACCOUNT);
    await page.getByRole('navigation', { name: 'Statut des dossiers' }).getByRole('link', { name: 'Agréés' }).click();
    await page.getByRole('table', { name: /Prestataires agréés/ }).waitFor();
    const row = await t.queueRow(DISPLAY_NAME);
    await row.getByRole('link', { name: DISPLAY_NAME }).click();
    await heading(DISPLAY_NAME);
    const decision = page.getByRole('region', { name: 'Décision' });
    const open = decision.getByRole('button', { name: 'Suspendre…' });
    await open.click();
    assert.equal(await open.getAttribute('aria-expanded'), 'true');
    const reason = decision.getByRole('textbox', { name: 'Motif de la suspension' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'motif-suspend');
    await decision.getByRole('button', { name: 'Confirmer la suspension' }).click();
    assert.equal(await reason.getAttribute('aria-invalid'), 'true', 'a reason is required');
    assert.match(await page.locator('#motif-suspend-erreur').innerText(), /motif/);
    await reason.fill(SUSPENSION_REASON);
    await decision.getByRole('button', { name: 'Confirmer la suspension' }).click();
    await page.locator('.succes').filter({ hasText: 'le prestataire est suspendu' }).waitFor();
    const last = page.getByRole('table', { name: /Journal du dossier/ }).locator('tbody tr').last();
    assert.match(await last.innerText(), /Suspension/);
    assert.ok((await last.innerText()).includes(SUSPENSION_REASON), 'the reason is in the audit trail');
    await page.getByRole('region', { name: 'Décision' }).getByRole('button', { name: 'Rétablir' }).waitFor();

    const started = Date.now();
    const attempts = await t.searchUntil('75018', 'psychologist', DISPLAY_NAME, { shown: false, seconds: 12 });
    console.log(`the suspended provider left the directory after ${attempts} search(es), ${Date.now() - started} ms`);
    await page.goto(`${BASE_URL}/#/prestataires/${encodeURIComponent(providerId)}`);
    await heading('Fiche introuvable');
  });

  step('le prestataire voit sa suspension et son motif', async () => {
    await t.signIn('Prestataire', PROVIDER_ACCOUNT);
    await heading('Mon dossier');
    const state = page.getByRole('region', { name: /Où en est mon dossier/ });
    await state.getByText('Suspendu(e)', { exact: true }).waitFor();
    assert.ok((await state.innerText()).includes(SUSPENSION_REASON));
    assert.equal(await state.getByRole('link', { name: /Modifier|Mettre à jour/ }).count(), 0, 'no edit while suspended');
  });

  step('jeton illisible, refusé (401) ou expiré : « Mon dossier » invite à se reconnecter', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      { label: 'unreadable', token: 'garbage', expectsApiCall: false },
      { label: 'forged (the API answers 401)', token: forgedToken({ sub: 'forged', name: 'Compte forgé', 'cognito:groups': ['provider'], exp: now + 3600 }), expectsApiCall: true },
      { label: 'expired', token: forgedToken({ sub: 'old', name: 'Compte expiré', 'cognito:groups': ['provider'], exp: now - 60 }), expectsApiCall: false },
    ];
    for (const c of cases) {
      await page.goto(`${BASE_URL}/#/`);
      await page.evaluate((token) => sessionStorage.setItem('passerelle.idToken', token), c.token);
      const calls = t.apiResponses.length;
      await page.reload();
      await page.goto(`${BASE_URL}/#/prestataire`);
      await heading('Mon dossier');
      await page.getByRole('heading', { name: 'Connexion expirée' }).waitFor();
      const refused = t.apiResponses.slice(calls).filter((r) => r.path === '/api/providers/me');
      if (c.expectsApiCall) assert.deepEqual(refused.map((r) => r.status), [401], `${c.label}: the API refused the token`);
      else assert.equal(refused.length, 0, `${c.label}: no API call with a token known to be bad`);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('passerelle.idToken')), null, `${c.label}: the token is dropped`);
      await header().getByRole('link', { name: 'Se connecter' }).waitFor();
      assert.equal(await nav().getByRole('link', { name: 'Mon dossier' }).count(), 0);
    }
    await checkAxe('the sign-in invitation after a refused token');
    await page.locator('#page').getByRole('link', { name: 'Se connecter' }).click();
    await heading('Se connecter');
    await page.getByText('Votre connexion a expiré : connectez-vous à nouveau.').waitFor();
    await t.fillSignIn('Prestataire', PROVIDER_ACCOUNT);
    await heading('Mon dossier');
    assert.equal(new URL(page.url()).hash, '#/prestataire');
  });
});
