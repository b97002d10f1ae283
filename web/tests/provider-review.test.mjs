// The rest of a record's life, in the browser: a refusal with its reason, the correction
// (the form prefilled, except the IBAN), a decision on a record that changed meanwhile (409),
// an approved provider's updates (published at once, or back to review), and how the form
// adapts to the profession and the country.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser
//
// Set-up goes through the API (fast); what is tested goes through the UI. Names are unique
// to the run; the records are left refused or suspended, out of the directory.

import assert from 'node:assert/strict';
import {
  browserSuite, BASE_URL, uniqueWord, uniqueRpps, tokenFor, api, applicationBody, GOOD_IBAN, OTHER_IBAN,
} from './helpers.mjs';

const TAG = uniqueWord();
const PROVIDER_ACCOUNT = `Prestataire ${TAG}`;
const AGENT_ACCOUNT = `Agent ${TAG}`;
const DISPLAY_NAME = `Marc ${TAG}`;
const REJECTION_REASON = `Le numéro RPPS ne correspond pas au nom déclaré (${TAG}).`;

browserSuite('Dossiers prestataires : refus, correction, conflits, mises à jour', (t) => {
  const { step, checkAxe, heading } = t;
  let page;
  let providerToken;
  let agentToken;
  let providerId;

  async function openRecord() {
    await page.goto(`${BASE_URL}/#/back-office/prestataires/${encodeURIComponent(providerId)}`);
    await heading(DISPLAY_NAME);
  }

  step('mise en place : une candidature déposée par l’API, près de Lyon (69001)', async () => {
    page = t.page();
    providerToken = await tokenFor('provider', PROVIDER_ACCOUNT);
    agentToken = await tokenFor('agent', AGENT_ACCOUNT);
    const created = await api('POST', '/api/providers/applications', {
      token: providerToken,
      body: applicationBody({ displayName: DISPLAY_NAME, rpps: uniqueRpps(), postalCode: '69001', communeCode: '69381' }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    providerId = created.body.id;
  });

  step('l’agent refuse : le motif est obligatoire, puis inscrit au journal', async () => {
    await t.signIn('Agent du programme', AGENT_ACCOUNT);
    await openRecord();
    const decision = page.getByRole('region', { name: 'Décision' });
    await decision.getByRole('button', { name: 'Refuser…' }).click();
    await decision.getByRole('button', { name: 'Confirmer le refus' }).click();
    const reason = decision.getByRole('textbox', { name: 'Motif du refus' });
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    assert.match(await reason.getAttribute('aria-describedby'), /motif-reject-erreur/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'motif-reject');
    await checkAxe('the agent record page with a missing reason');
    await decision.getByRole('button', { name: 'Annuler' }).click();
    assert.equal(await reason.isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Refuser…', 'focus back on the button');
    await decision.getByRole('button', { name: 'Refuser…' }).click();
    await reason.fill(REJECTION_REASON);
    await decision.getByRole('button', { name: 'Confirmer le refus' }).click();
    await page.locator('.succes').filter({ hasText: 'la candidature est refusée' }).waitFor();
    await page.getByRole('region', { name: 'Décision' }).getByText(/Aucune décision possible/).waitFor();
    const last = page.getByRole('table', { name: /Journal du dossier/ }).locator('tbody tr').last();
    assert.match(await last.innerText(), /Refus/);
    assert.ok((await last.innerText()).includes(REJECTION_REASON));
    await page.getByRole('link', { name: 'Retour aux dossiers : Refusés' }).click();
    const row = await t.queueRow(DISPLAY_NAME);
    assert.ok((await row.innerText()).includes(REJECTION_REASON), 'the reason shows in the « Refusés » tab');
  });

  step('le prestataire lit le motif, corrige (formulaire prérempli, IBAN à ressaisir) et redépose', async () => {
    await t.signIn('Prestataire', PROVIDER_ACCOUNT);
    await heading('Mon dossier');
    const state = page.getByRole('region', { name: /Où en est mon dossier/ });
    await state.getByText('Refusée', { exact: true }).waitFor();
    assert.ok((await state.innerText()).includes(REJECTION_REASON));
    await state.getByRole('link', { name: 'Corriger et redéposer' }).click();
    await heading('Corriger et redéposer ma candidature');
    const form = page.getByRole('form', { name: 'Modifier mon dossier' });
    assert.equal(await form.getByRole('textbox', { name: 'Nom affiché dans l’annuaire' }).inputValue(), DISPLAY_NAME);
    assert.ok(await form.getByRole('radio', { name: 'Psychologue', exact: true }).isChecked());
    assert.ok(await form.getByRole('radio', { name: 'RPPS (France)' }).isChecked());
    assert.equal(await form.getByRole('textbox', { name: 'Code postal' }).inputValue(), '69001');
    await page.waitForFunction(() => document.getElementById('pf-commune')?.value === '69381');
    assert.equal(await form.getByRole('textbox', { name: 'BIC' }).inputValue(), 'AGRIFRPP');
    const iban = form.getByRole('textbox', { name: 'IBAN' });
    assert.equal(await iban.inputValue(), '', 'the IBAN is never sent back');
    assert.match(await page.locator('#pf-iban-aide').innerText(), /FR76 •••• 0189/);
    assert.ok(await form.getByRole('checkbox', { name: 'J’ai lu et j’accepte la charte' }).isChecked());

    await form.getByRole('button', { name: 'Corriger et redéposer' }).click();
    const summary = page.locator('.resume-erreurs');
    await summary.getByRole('link', { name: /^IBAN : / }).waitFor();
    assert.equal(await iban.getAttribute('aria-invalid'), 'true');

    await iban.fill(GOOD_IBAN);
    await form.getByRole('textbox', { name: 'Nom affiché dans l’annuaire' }).fill(DISPLAY_NAME);
    await form.getByRole('button', { name: 'Corriger et redéposer' }).click();
    await page.locator('.succes').filter({ hasText: 'redéposée' }).waitFor();
    await page.getByRole('region', { name: /Où en est mon dossier/ }).getByText('En cours d’examen', { exact: true }).waitFor();
  });

  step('décision sur un dossier modifié entre-temps : le 409 est expliqué et le dossier rechargé', async () => {
    await t.signIn('Agent du programme', AGENT_ACCOUNT);
    await openRecord();
    const stale = await page.getByRole('region', { name: 'Décision' }).innerText();
    assert.match(stale, /À examiner/);
    // Meanwhile, another agent approves it.
    const record = await api('GET', `/api/back-office/providers/${providerId}`, { token: agentToken });
    const approved = await api('POST', `/api/back-office/providers/${providerId}/decisions`, {
      token: agentToken, body: { decision: 'approve', version: record.body.provider.version },
    });
    assert.equal(approved.status, 200);

    await page.getByRole('region', { name: 'Décision' }).getByRole('button', { name: 'Agréer' }).click();
    const box = page.locator('.probleme').first();
    await box.waitFor();
    const text = await box.innerText();
    assert.match(text, /Modification simultanée|Décision impossible/);
    assert.match(text, /rechargé/);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.probleme') !== null), true, 'focus on the explanation');
    await page.getByRole('region', { name: 'Décision' }).getByRole('button', { name: 'Suspendre…' }).waitFor();
    assert.match(await page.getByRole('region', { name: 'Décision' }).innerText(), /Agréé/, 'the record as it is now');
    await checkAxe('the agent record page after a 409');
  });

  step('un prestataire agréé change ses coordonnées : publiées aussitôt ; son IBAN : vérifié à part, fiche maintenue', async () => {
    await t.signIn('Prestataire', PROVIDER_ACCOUNT);
    await heading('Mon dossier');
    const state = page.getByRole('region', { name: /Où en est mon dossier/ });
    await state.getByText('Agréé(e)', { exact: true }).waitFor();
    await state.getByRole('link', { name: 'Voir ma fiche publique dans l’annuaire' }).waitFor();
    await state.getByRole('link', { name: 'Mettre à jour mon dossier' }).click();
    await heading('Modifier mon dossier');
    await page.getByText('Vous êtes agréé(e).').waitFor();
    const form = page.getByRole('form', { name: 'Modifier mon dossier' });
    await form.getByRole('textbox', { name: 'Téléphone (facultatif)' }).fill('04 72 11 22 33');
    await form.getByRole('textbox', { name: 'IBAN' }).fill(GOOD_IBAN);
    await form.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.locator('.succes').filter({ hasText: 'publiées dans l’annuaire' }).waitFor();
    await page.getByRole('region', { name: /Où en est mon dossier/ }).getByText('Agréé(e)', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Mettre à jour mon dossier' }).click();
    await heading('Modifier mon dossier');
    await page.getByRole('textbox', { name: 'IBAN' }).fill(OTHER_IBAN);
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.locator('.succes').filter({ hasText: 'vérifié par un agent avant tout paiement' }).waitFor();
    await page.getByRole('region', { name: /Où en est mon dossier/ }).getByText('Agréé(e)', { exact: true }).waitFor();
    // Leave it out of the directory.
    const record = await api('GET', `/api/back-office/providers/${providerId}`, { token: agentToken });
    const suspended = await api('POST', `/api/back-office/providers/${providerId}/decisions`, {
      token: agentToken, body: { decision: 'suspend', reason: 'Fin du test.', version: record.body.provider.version },
    });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
  });

  step('le formulaire suit la profession et le pays (Belgique : localité, provinces, inscriptions belges)', async () => {
    await t.signIn('Prestataire', `Prestataire ${TAG} Bis`);
    await heading('Mon dossier');
    const form = page.getByRole('form', { name: 'Candidature' });
    await form.getByText('Choisissez d’abord votre profession.').waitFor();
    await form.getByRole('radio', { name: 'Médiateur ou médiatrice familiale' }).check();
    assert.ok(await form.getByRole('radio', { name: /Diplôme d’État de médiateur familial/ }).isChecked());
    await form.getByRole('textbox', { name: 'Année d’obtention' }).waitFor();
    await form.getByRole('textbox', { name: 'Établissement qui a délivré le diplôme' }).waitFor();
    await form.getByRole('radio', { name: 'Avocat ou avocate' }).check();
    await form.getByText('Inscription attendue : Inscription au barreau.').waitFor();
    await form.getByRole('textbox', { name: 'Barreau', exact: true }).waitFor();
    assert.equal(await form.getByRole('textbox', { name: 'Année d’obtention' }).count(), 0);

    await form.getByRole('radio', { name: 'Psychologue', exact: true }).check();
    await form.getByRole('radio', { name: 'Belgique', exact: true }).check();
    assert.ok(await form.getByRole('radio', { name: 'Commission des psychologues (Belgique)' }).isChecked(), 'a Belgian credential for a practice in Belgium');
    await form.getByRole('textbox', { name: 'Code postal' }).fill('1000');
    await page.waitForFunction(() => document.getElementById('pf-localite')?.value === 'Bruxelles');
    assert.equal(await form.getByRole('combobox', { name: 'Commune' }).count(), 0, 'no INSEE commune in Belgium');
    assert.match(await page.locator('#pf-departements-aide').innerText(), /BRU \(Bruxelles\)/);

    await form.getByRole('textbox', { name: 'Rayon autour du cabinet' }).fill('dix');
    await form.getByRole('button', { name: 'Déposer ma candidature' }).click();
    await page.locator('.resume-erreurs').getByRole('link', { name: /^Rayon autour du cabinet : / }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('resume-erreurs')), true);

    await form.getByRole('textbox', { name: 'Rayon autour du cabinet' }).fill('5');
    await form.getByRole('textbox', { name: 'Code postal' }).fill('9999');
    await form.getByRole('textbox', { name: 'Code postal' }).blur();
    await page.locator('#pf-cp-erreur').waitFor();
    await form.getByRole('button', { name: 'Déposer ma candidature' }).click();
    const summary = page.locator('.resume-erreurs');
    await summary.getByRole('link', { name: /^Code postal : / }).waitFor();
    for (const field of ['Nom affiché dans l’annuaire', 'Numéro d’agrément', 'Numéro et rue', 'IBAN', 'J’ai lu et j’accepte la charte']) {
      await summary.getByRole('link', { name: new RegExp(`^${field} : `) }).waitFor();
    }
    await checkAxe('the application form with many errors (Belgium)');
  });

  step('pages de 20 dossiers et de 5 prestataires : « Voir plus » charge la suite et y met le focus', async () => {
    // 21 applications near Marseille (13001), 6 of them approved; all left out of the directory at the end.
    const created = [];
    for (let i = 0; i < 21; i += 1) {
      const word = `${TAG}${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;
      const token = await tokenFor('provider', `Page ${word}`);
      const answer = await api('POST', '/api/providers/applications', {
        token, body: applicationBody({ displayName: `Page ${word}`, rpps: uniqueRpps(), postalCode: '13001', communeCode: '13201' }),
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      created.push(answer.body);
    }
    try {
      await t.signIn('Agent du programme', AGENT_ACCOUNT);
      await page.locator('tbody tr').first().waitFor();
      assert.equal(await page.locator('tbody tr').count(), 20, 'a first page of 20');
      const more = page.getByRole('button', { name: 'Voir plus de dossiers' });
      await more.click();
      await page.waitForFunction(() => document.querySelectorAll('tbody tr').length > 20);
      assert.equal(await page.evaluate(() => document.activeElement?.closest('tr') === document.querySelectorAll('tbody tr')[20]), true,
        'focus on the first new record');
      const last = await t.queueRow(created[20].displayName);
      assert.equal(await last.count(), 1, 'the newest application is reached with « Voir plus »');

      for (const record of created.slice(0, 6)) {
        const approved = await api('POST', `/api/back-office/providers/${record.id}/decisions`, { token: agentToken, body: { decision: 'approve', version: record.version } });
        assert.equal(approved.status, 200);
      }
      const deadline = Date.now() + 12_000;
      let group;
      for (;;) {
        await t.search('13001');
        group = page.locator('section[aria-labelledby="titre-prestataires-psychologist"]');
        const shown = await group.locator('.prestataire').count();
        const moreShown = await group.getByRole('button', { name: /^Voir plus de psychologues/ }).isVisible();
        if (shown === 5 && moreShown) break;
        assert.ok(Date.now() < deadline, 'six approved psychologists near 13001, five per page');
        await page.waitForTimeout(1000);
      }
      const groupMore = group.getByRole('button', { name: /^Voir plus de psychologues \(\d+ de plus\)$/ });
      await groupMore.click();
      await page.waitForFunction(() => document.querySelectorAll('section[aria-labelledby="titre-prestataires-psychologist"] .prestataire').length > 5);
      assert.equal(await page.evaluate(() => document.activeElement?.closest('.prestataire')
        === document.querySelectorAll('section[aria-labelledby="titre-prestataires-psychologist"] .prestataire')[5]), true,
      'focus on the first new provider');
      const distances = await group.locator('.prestataire__distance').allInnerTexts();
      assert.ok(distances.length >= 6);
    } finally {
      for (const record of created) {
        const current = await api('GET', `/api/back-office/providers/${record.id}`, { token: agentToken });
        const { status, version } = current.body.provider;
        const decision = status === 'approved' ? 'suspend' : status === 'submitted' ? 'reject' : null;
        if (decision) await api('POST', `/api/back-office/providers/${record.id}/decisions`, { token: agentToken, body: { decision, reason: 'Fin du test.', version } });
      }
    }
  });

  step('sans /local-auth (AWS) : la connexion passe par le service d’identité, lien de /config.json ou message clair', async () => {
    // As in AWS: no local sign-in (CloudFront answers 404), and the site's /config.json.
    const signInUrl = 'https://passerelle-exemple.auth.eu-west-3.amazoncognito.com/login?client_id=exemple&response_type=code';
    let config = { status: 200, contentType: 'application/json', body: JSON.stringify({ signInUrl }) };
    await page.route('**/local-auth/accounts', (route) => route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><title>404</title>' }));
    await page.route('**/config.json', (route) => route.fulfill(config));
    try {
      await page.goto(`${BASE_URL}/#/connexion?retour=/prestataire`);
      await page.reload();
      await heading('Se connecter');
      await page.getByRole('heading', { name: 'Connexion par le service d’identité' }).waitFor();
      const link = page.getByRole('link', { name: 'Se connecter avec le service d’identité' });
      assert.equal(await link.getAttribute('href'), signInUrl);
      assert.equal(await page.getByRole('textbox', { name: 'Nom du compte' }).count(), 0, 'no demo sign-in');
      await checkAxe('the sign-in page without local sign-in');

      config = { status: 404, contentType: 'text/html', body: 'absent' };
      await page.reload();
      await page.getByText('La connexion n’est pas disponible sur ce site pour le moment.').waitFor();
      assert.equal(await page.getByRole('link', { name: 'Se connecter avec le service d’identité' }).count(), 0);
    } finally {
      await page.unrouteAll();
    }
  });
});
