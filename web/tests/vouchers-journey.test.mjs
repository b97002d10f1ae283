// The acceptance test of the vouchers, in the browser: a parent answers « Je me sépare » (a
// `danger` run first: the emergency numbers come before anything else), picks a recommended
// service and an approved provider, receives 5 vouchers, prints one (code and QR code), and a
// sixth request is refused with a clear message; the provider verifies the printed code (valid),
// then a code with one character changed (not valid); a voucher given back frees its session.
// axe-core runs on every state checked.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser
//
// Set-up (the provider's application and its approval) goes through the API; names are unique
// to the run, so the suite can run again against the same runtime.

import assert from 'node:assert/strict';
import {
  browserSuite, BASE_URL, uniqueWord, tokenFor, api, approvedProvider,
} from './helpers.mjs';

const TAG = uniqueWord();
const PARENT_ACCOUNT = `Parent ${TAG}`;
const PROVIDER_ACCOUNT = `Prestataire ${TAG}`;
const NEWCOMER_ACCOUNT = `Prestataire ${TAG} Nouveau`;
const AGENT_ACCOUNT = `Agent ${TAG}`;
const DISPLAY_NAME = `Lucie ${TAG}`;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXY';

/** The same code with one symbol changed (the 6th character, in the first group after the prefix). */
function oneCharacterChanged(code) {
  const i = 5;
  const next = ALPHABET[(ALPHABET.indexOf(code[i]) + 1) % ALPHABET.length];
  return `${code.slice(0, i)}${next}${code.slice(i + 1)}`;
}

browserSuite('Bons : questionnaire, demande, impression, vérification, restitution', (t) => {
  const { step, checkAxe, heading, nav } = t;
  let page;
  let providerId;
  let parentToken;
  let wallet;

  async function answer(values) {
    for (const [legend, label] of values) {
      await page.getByRole('group', { name: legend }).getByRole('radio', { name: label, exact: true }).check();
    }
  }

  async function openWallet() {
    await page.goto(`${BASE_URL}/#/bons`);
    await heading('Mes bons');
    await page.getByRole('heading', { name: 'Demander des bons' }).waitFor();
  }

  step('mise en place : une psychologue agréée près de 75018, par l’API', async () => {
    page = t.page();
    const providerToken = await tokenFor('provider', PROVIDER_ACCOUNT);
    const agentToken = await tokenFor('agent', AGENT_ACCOUNT);
    const { created } = await approvedProvider(providerToken, agentToken, DISPLAY_NAME);
    providerId = created.id;
    parentToken = await tokenFor('parent', PARENT_ACCOUNT);
  });

  step('« Je me sépare » sans compte : le formulaire, la sécurité d’abord, rien n’est gardé', async () => {
    await page.goto(`${BASE_URL}/#/je-me-separe`);
    await heading('Je me sépare : par où commencer ?');
    assert.equal(await nav().getByRole('link', { name: 'Je me sépare' }).getAttribute('aria-current'), 'page');
    const groups = page.getByRole('form', { name: 'Quelques questions' }).getByRole('group');
    assert.equal(await groups.first().locator('legend').innerText(), 'Vous sentez-vous en sécurité, vous et vos enfants ?', 'the safety question comes first');
    assert.equal(await groups.count(), 8, 'one question per fieldset');
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 0, 'nothing answered in advance');
    assert.equal(await page.getByRole('checkbox', { name: /Garder mes réponses/ }).count(), 0, 'no keeping without a parent account');
    await page.getByText('Rien n’est gardé :').waitFor();
    assert.equal(await page.getByRole('link', { name: '112' }).getAttribute('href'), 'tel:112');
    // The programme in force, for everyone.
    const programme = page.getByRole('region', { name: 'Le programme Passerelle : les bons' });
    await programme.getByText('5 séances par service', { exact: true }).waitFor();
    await programme.getByRole('table', { name: /Ce que coûte une séance/ }).getByRole('cell', { name: /^50\s€$/ }).first().waitFor();
    await checkAxe('the questionnaire (empty)');

    // The only required question: the error summary (GOV.UK) points to it.
    await page.getByRole('button', { name: 'Voir les conseils' }).click();
    const summary = page.locator('.resume-erreurs');
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('resume-erreurs')), true, 'focus on the summary');
    assert.match(await page.title(), /^Erreur : /);
    await summary.getByRole('link', { name: /^Vous sentez-vous en sécurité.* : Dites-nous si vous vous sentez en sécurité/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'qs-safety-safe', 'the link focuses the first answer');
    await checkAxe('the questionnaire with its error');
  });

  step('danger : les numéros d’urgence s’affichent en premier (role=alert, liens tel:), sans médiation', async () => {
    await answer([
      ['Vous sentez-vous en sécurité, vous et vos enfants ?', 'Non, je me sens en danger'],
      ['Avez-vous des enfants ensemble ?', 'Oui, de moins de 12 ans'],
      ['Comment se passent les échanges avec l’autre parent ?', 'Nous ne nous parlons plus, ou c’est très conflictuel'],
      ['Avez-vous des questions de droit (garde, pension, partage) ?', 'Oui, j’ai des questions'],
      ['Vous habitez', 'en France'],
    ]);
    await page.getByRole('button', { name: 'Voir les conseils' }).click();
    const alert = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Votre sécurité d’abord' }) });
    await alert.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'titre-urgence', 'focus on the emergency numbers');
    assert.equal(await alert.getByRole('link', { name: '17' }).getAttribute('href'), 'tel:17');
    assert.equal(await alert.getByRole('link', { name: '3919' }).getAttribute('href'), 'tel:3919');
    const first = await page.evaluate(() => {
      const urgent = document.querySelector('.urgence');
      const advice = document.getElementById('titre-recommandations');
      return Boolean(urgent && advice && (urgent.compareDocumentPosition(advice) & Node.DOCUMENT_POSITION_FOLLOWING));
    });
    assert.ok(first, 'the emergency contacts come before the recommendations');
    const advice = page.locator('.conseil');
    assert.ok(await advice.count() > 0);
    assert.equal(await advice.filter({ hasText: 'Médiateur' }).count(), 0, 'no mediation when safety is at stake');
    await checkAxe('the questionnaire results with emergency contacts');
  });

  step('« Demander des bons » sans compte passe par la connexion et revient, service choisi', async () => {
    const ask = page.locator('.conseil').filter({ hasText: 'Psychologue' }).getByRole('link', { name: /^Demander des bons/ });
    assert.match(await ask.innerText(), /Demander des bons/);
    await ask.click();
    await heading('Se connecter');
    assert.match(decodeURIComponent(new URL(page.url()).hash), /retour=\/bons\?service=psychologist/);
    await t.fillSignIn('Parent', PARENT_ACCOUNT);
    await heading('Mes bons');
    assert.equal(decodeURIComponent(new URL(page.url()).hash), '#/bons?service=psychologist');
    assert.ok(await page.getByRole('radio', { name: /^Psychologue/ }).isChecked(), 'the service is preselected');
    await page.getByText('Vous n’avez pas encore de bon.').waitFor();
    assert.deepEqual(await nav().getByRole('link').allInnerTexts(), ['Trouver de l’aide près de chez moi', 'Je me sépare', 'Mes bons', 'Mes données']);
    await checkAxe('the empty wallet with the request form');
  });

  step('un parent connecté répond, garde ses réponses, les retrouve, puis les efface', async () => {
    await page.goto(`${BASE_URL}/#/je-me-separe`);
    await heading('Je me sépare : par où commencer ?');
    const keep = page.getByRole('checkbox', { name: 'Garder mes réponses un an (vous pourrez les effacer)' });
    assert.equal(await keep.isChecked(), false, 'the consent is not ticked in advance');
    await answer([
      ['Vous sentez-vous en sécurité, vous et vos enfants ?', 'Oui'],
      ['Où en êtes-vous ?', 'Nous venons de nous séparer'],
      ['Avez-vous des enfants ensemble ?', 'Oui, de 12 ans ou plus'],
      ['Comment se passent les échanges avec l’autre parent ?', 'C’est tendu'],
      ['Et le budget ?', 'C’est juste'],
      ['Vous habitez', 'en France'],
    ]);
    await keep.check();
    await page.getByRole('button', { name: 'Voir les conseils' }).click();
    await page.getByRole('heading', { name: 'Nos conseils' }).waitFor();
    assert.equal(await page.locator('.urgence').count(), 0, 'no emergency box when the parent is safe');
    await page.getByText('Vos réponses sont gardées un an.').waitFor();
    const psychologist = page.locator('.conseil').filter({ has: page.getByRole('heading', { name: 'Psychologue' }) });
    assert.ok((await psychologist.locator('.conseil__raisons li').count()) > 0, 'each service says why');
    await checkAxe('the questionnaire results');

    await page.reload();
    await heading('Je me sépare : par où commencer ?');
    const kept = page.getByRole('region', { name: 'Vos réponses gardées' });
    await kept.waitFor();
    assert.ok(await page.getByRole('radio', { name: 'Nous venons de nous séparer' }).isChecked(), 'the kept answers are prefilled');
    assert.ok(await page.getByRole('radio', { name: 'C’est juste' }).isChecked());
    assert.ok(await keep.isChecked(), 'the box says what is kept now');
    await checkAxe('the questionnaire with kept answers');
    await kept.getByRole('button', { name: 'Effacer mes réponses gardées' }).click();
    await page.getByText('Vos réponses gardées sont effacées.').waitFor();
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 0, 'the form is emptied');
    const stored = await api('GET', '/api/me/questionnaire', { token: parentToken });
    assert.equal(stored.status, 404, 'nothing is kept any more');
    await page.reload();
    await heading('Je me sépare : par où commencer ?');
    await page.getByRole('heading', { name: 'Le programme Passerelle : les bons' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Vos réponses gardées' }).count(), 0);
  });

  step('le parent choisit « Psychologue », trouve la professionnelle près de 75018 et reçoit 5 bons', async () => {
    await answer([['Vous sentez-vous en sécurité, vous et vos enfants ?', 'Oui'], ['Avez-vous des enfants ensemble ?', 'Oui, de 12 ans ou plus']]);
    await page.getByRole('button', { name: 'Voir les conseils' }).click();
    const psychologist = page.locator('.conseil').filter({ has: page.getByRole('heading', { name: 'Psychologue' }) });
    await psychologist.getByRole('link', { name: /^Trouver un professionnel/ }).click();
    await heading('Trouver de l’aide près de chez moi');
    assert.match(new URL(page.url()).hash, /service=psychologist/);
    await page.getByText('Professionnels recherchés : psychologue.').waitFor();
    await t.search('75018');
    assert.match(new URL(page.url()).hash, /service=psychologist/, 'the service stays in the search');
    assert.deepEqual(await page.locator('.prestataires-groupe__titre').allInnerTexts(), ['Psychologue'], 'only the chosen service');
    const card = await t.providerCard('psychologist', DISPLAY_NAME);
    assert.equal(await card.count(), 1);
    await checkAxe('the search narrowed to one service, with the voucher action');
    const ask = card.getByRole('link', { name: 'Demander des bons pour ce professionnel' });
    assert.equal(await ask.evaluate((a) => document.getElementById(a.getAttribute('aria-describedby'))?.textContent), DISPLAY_NAME, 'described by the provider’s name');
    await ask.click();

    await heading('Mes bons');
    const form = page.getByRole('form', { name: 'Demander des bons' });
    assert.ok(await form.getByRole('radio', { name: /^Psychologue \(5 séances restantes\)$/ }).isChecked());
    const chosen = form.getByRole('radio', { name: new RegExp(`^${DISPLAY_NAME} — 75018`) });
    assert.ok(await chosen.isChecked(), 'the provider is preselected');
    const sessions = form.getByRole('combobox', { name: 'Nombre de séances' });
    assert.deepEqual(await sessions.locator('option').allInnerTexts(), ['1', '2', '3', '4', '5']);
    await sessions.selectOption('5');
    const tierA = form.getByRole('radio', { name: /^Tranche A — Quotient familial inférieur à 1 000 € : vous ne payez rien$/ });
    await form.getByRole('radio', { name: /^Tranche B — .* : vous payez 5\s€ par séance$/ }).waitFor();
    await tierA.check();
    assert.match(await page.locator('#bons-cout').innerText(), /Une séance de psychologue coûte 50\s€\. Avec la tranche A, vous ne payez rien/);

    // Without a tier: the summary says so, next to the field too.
    await page.evaluate(() => { document.getElementById('bons-tranche-A').checked = false; });
    await form.getByRole('button', { name: 'Recevoir les bons' }).click();
    await page.locator('.resume-erreurs').getByRole('link', { name: /^Tranche de revenus : / }).waitFor();
    assert.match(await page.locator('#bons-tier-erreur').innerText(), /tranche de revenus/);
    await checkAxe('the request form with an error');
    await tierA.check();
    await form.getByRole('button', { name: 'Recevoir les bons' }).click();

    const done = page.locator('.succes').filter({ hasText: '5 bons ont été ajoutés pour des séances de psychologue' });
    await done.waitFor();
    assert.ok((await done.innerText()).includes(DISPLAY_NAME));
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('succes')), true, 'focus on the outcome');
    const group = page.getByRole('region', { name: 'Psychologue' });
    assert.equal(await group.getByRole('listitem').filter({ hasText: 'À utiliser' }).count(), 5);
    assert.match(await group.locator('.bons-groupe__compte').innerText(), /5 bons à utiliser · aucune séance restante à demander/);
    assert.equal(await group.getByText(`Chez ${DISPLAY_NAME} uniquement`).count(), 5);
    assert.equal(await group.getByText('Vous ne payez rien (séance à 50 €, payée par le programme)').count(), 5);
    wallet = (await api('GET', '/api/vouchers', { token: parentToken })).body;
    assert.equal(wallet.vouchers.length, 5);
    assert.equal(wallet.remaining.psychologist, 0);
    await checkAxe('the wallet with 5 vouchers');
  });

  step('la page imprimable d’un bon : code, QR code, validité, participation ; seul le bon s’imprime', async () => {
    const voucher = wallet.vouchers[0];
    await page.getByRole('link', { name: `Imprimer le bon ${voucher.code}` }).click();
    await heading('Bon pour une séance de psychologue');
    assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/bons/${voucher.id}`);
    assert.equal(await page.locator('.code-bon--grand').innerText(), voucher.code, 'the code, grouped as given');
    const family = await page.locator('.code-bon--grand').evaluate((e) => getComputedStyle(e).fontFamily);
    assert.match(family, /mono/i);
    const qr = page.getByRole('img', { name: `QR code du bon ${voucher.code}` });
    assert.ok(await qr.isVisible(), 'the QR code is shown');
    assert.equal(await qr.evaluate((e) => e.namespaceURI), 'http://www.w3.org/2000/svg');
    const box = await qr.boundingBox();
    assert.ok(box.width >= 150 && box.height >= 150, `a QR code large enough to scan (${box.width}×${box.height})`);
    const text = await page.locator('.bon').innerText();
    assert.match(text, /Psychologue/);
    assert.ok(text.includes(`${DISPLAY_NAME} uniquement`));
    const expected = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
      .format(new Date(`${voucher.expiresOn}T00:00:00Z`));
    assert.ok(text.includes(`${expected} inclus`), `valid until ${expected}`);
    assert.match(text, /Aucune : le programme paie toute la séance \(50\s€\)/);
    await page.getByRole('heading', { name: 'Comment l’utiliser' }).waitFor();
    await checkAxe('the printable voucher');

    await page.evaluate(() => { window.print = () => { window.printed = true; }; });
    await page.getByRole('button', { name: 'Imprimer' }).click();
    assert.equal(await page.evaluate(() => window.printed), true, 'the button opens the print dialog');
    await page.emulateMedia({ media: 'print' });
    try {
      assert.equal(await page.locator('.entete').isVisible(), false, 'no header on paper');
      assert.equal(await page.locator('.pied').isVisible(), false, 'no footer on paper');
      assert.equal(await page.getByRole('button', { name: 'Imprimer' }).isVisible(), false, 'no button on paper');
      assert.equal(await page.getByRole('link', { name: 'Retour à mes bons' }).isVisible(), false);
      assert.ok(await qr.isVisible(), 'the QR code prints');
      assert.equal(await page.locator('.bon').evaluate((e) => getComputedStyle(e).breakInside), 'avoid', 'the voucher is not split across pages');
      const pdf = await page.pdf({ format: 'A4' });
      assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)?.length, 1, 'the voucher prints on one page');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  step('une sixième demande est refusée avec un message clair', async () => {
    await openWallet();
    const form = page.getByRole('form', { name: 'Demander des bons' });
    await form.getByRole('radio', { name: /^Psychologue \(aucune séance restante\)$/ }).check();
    await page.getByText('Vous avez déjà reçu toutes les séances prévues pour ce service').waitFor();
    await form.getByRole('radio', { name: /^Tranche A/ }).check();
    await form.getByRole('button', { name: 'Recevoir les bons' }).click();
    const summary = page.locator('.resume-erreurs');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Plus de séances disponibles/);
    assert.match(await summary.innerText(), /Vous avez déjà reçu les 5 séances prévues pour ce service \(psychologue\)\./);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('resume-erreurs')), true);
    assert.match(await page.locator('#bons-sessions-erreur').innerText(), /déjà reçu les 5 séances/);
    assert.equal((await api('GET', '/api/vouchers', { token: parentToken })).body.vouchers.length, 5, 'still 5 vouchers');
    await checkAxe('the request refused (quota)');
  });

  step('un prestataire pas encore agréé ne peut pas vérifier : la page le dit', async () => {
    await t.signIn('Prestataire', NEWCOMER_ACCOUNT);
    await page.goto(`${BASE_URL}/#/prestataire/verifier`);
    await heading('Vérifier un bon');
    await page.getByRole('heading', { name: 'Réservé aux professionnels agréés' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Code du bon' }).count(), 0);
    await checkAxe('the verification page for a provider not approved');
  });

  step('la prestataire vérifie le code imprimé : valable ; un caractère changé : non valable', async () => {
    await t.signIn('Prestataire', PROVIDER_ACCOUNT);
    await nav().getByRole('link', { name: 'Vérifier un bon' }).click();
    await heading('Vérifier un bon');
    const field = page.getByRole('textbox', { name: 'Code du bon' });
    assert.equal(await field.getAttribute('autocomplete'), 'off');
    assert.equal(await field.getAttribute('spellcheck'), 'false');
    assert.equal(await field.getAttribute('inputmode'), 'text');
    assert.match(await field.evaluate((e) => getComputedStyle(e).fontFamily), /mono/i);
    assert.equal(await page.getByRole('button', { name: 'Scanner le QR code' }).count(), 1, 'a scanner (jsQR where the browser has no BarcodeDetector)');
    await checkAxe('the verification page');

    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page.locator('.resume-erreurs').getByRole('link', { name: /^Code du bon : Saisissez le code/ }).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');

    const printed = wallet.vouchers[0].code;
    // Typed as people do: lower case, no hyphens; the field puts them back.
    await field.fill('');
    await field.pressSequentially(printed.replace(/-/g, '').toLowerCase());
    assert.equal(await field.inputValue(), printed, 'upper case and grouped as printed');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const result = page.locator('#verif-resultat');
    assert.equal(await result.getAttribute('aria-live'), 'polite');
    await result.getByRole('heading', { name: 'Bon valable' }).waitFor();
    const valid = await result.innerText();
    assert.match(valid, /Psychologue/);
    assert.match(valid, /Rien : la séance est entièrement payée par le programme/);
    assert.ok(valid.includes(printed));
    assert.equal(await field.getAttribute('aria-invalid'), null, 'the field error is gone');
    await checkAxe('the verification: valid');

    const changed = oneCharacterChanged(printed);
    await field.fill(changed);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await result.getByRole('heading', { name: 'Bon non valable' }).waitFor();
    assert.match(await result.innerText(), /Le code semble mal saisi : vérifiez chaque caractère|Ce code n’est pas valable pour vous/);
    assert.match(await page.title(), /^Bon non valable/);
    await checkAxe('the verification: not valid');
  });

  step('scanner le QR code (BarcodeDetector simulé) : le code lu est vérifié', async () => {
    const voucher = (await api('GET', `/api/vouchers/${wallet.vouchers[1].id}`, { token: parentToken })).body;
    assert.match(voucher.token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'the QR code carries a JWS');
    await page.addInitScript((token) => {
      window.BarcodeDetector = class {
        static async getSupportedFormats() { return ['qr_code']; }
        async detect() { return [{ format: 'qr_code', rawValue: token }]; }
      };
      navigator.mediaDevices.getUserMedia = async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 64;
        canvas.getContext('2d').fillRect(0, 0, 64, 64);
        return canvas.captureStream(5);
      };
    }, voucher.token);
    await page.reload();
    await heading('Vérifier un bon');
    const scan = page.getByRole('button', { name: 'Scanner le QR code' });
    await scan.click();
    const result = page.locator('#verif-resultat');
    await result.getByRole('heading', { name: 'Bon valable' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Code du bon' }).inputValue(), voucher.code, 'the code from the QR code');
    await page.getByText('QR code lu.').waitFor();
    assert.equal(await page.locator('video').evaluate((v) => v.srcObject), null, 'the camera is stopped');
    await checkAxe('the verification after a scan');
  });

  step('rendre un bon : confirmation, la séance redevient disponible, le code n’est plus valable', async () => {
    await t.signIn('Parent', PARENT_ACCOUNT);
    await openWallet();
    const voucher = wallet.vouchers[2];
    const card = page.locator('.bon-carte').filter({ hasText: voucher.code });
    const open = card.getByRole('button', { name: `Rendre ce bon ${voucher.code}` });
    await open.click();
    assert.equal(await open.getAttribute('aria-expanded'), 'true');
    await card.getByText(`Rendre le bon ${voucher.code} ?`).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Oui, rendre ce bon', 'focus on the confirmation');
    await card.getByRole('button', { name: 'Annuler' }).click();
    assert.equal(await open.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), `Rendre ce bon ${voucher.code}`);
    await open.click();
    await checkAxe('the wallet with a confirmation open');
    await card.getByRole('button', { name: 'Oui, rendre ce bon' }).click();

    await page.locator('.succes').filter({ hasText: `Le bon ${voucher.code} est rendu` }).waitFor();
    const group = page.getByRole('region', { name: 'Psychologue' });
    assert.match(await group.locator('.bons-groupe__compte').innerText(), /4 bons à utiliser · 1 séance restante à demander/);
    await page.locator('.bon-carte').filter({ hasText: voucher.code }).getByText('Rendu', { exact: true }).waitFor();
    assert.equal(await page.locator('.bon-carte').filter({ hasText: voucher.code }).getByRole('button').count(), 0, 'nothing more to do with it');
    assert.ok(await page.getByRole('radio', { name: /^Psychologue \(1 séance restante\)$/ }).isVisible());
    assert.equal((await api('GET', '/api/vouchers', { token: parentToken })).body.remaining.psychologist, 1);
    await checkAxe('the wallet after a voucher was given back');

    const providerToken = await tokenFor('provider', PROVIDER_ACCOUNT);
    const check = await api('POST', '/api/vouchers/verify', { token: providerToken, body: { code: voucher.code } });
    assert.deepEqual([check.status, check.body.valid, check.body.reason], [200, false, 'returned']);

    // The freed session can be asked for again, choosing the provider with the picker (Enter searches).
    const form = page.getByRole('form', { name: 'Demander des bons' });
    await form.getByRole('radio', { name: /^Psychologue/ }).check();
    assert.deepEqual(await form.getByRole('combobox', { name: 'Nombre de séances' }).locator('option').allInnerTexts(), ['1']);
    const picker = form.getByRole('textbox', { name: 'Chercher un professionnel près de chez moi (facultatif)' });
    await picker.fill('75018');
    await picker.press('Enter');
    const found = form.getByRole('radio', { name: new RegExp(`^${DISPLAY_NAME} — 75018 Paris 18e Arrondissement, à`) });
    await found.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.name), 'prestataire', 'focus on the providers found');
    assert.match(await page.locator('#bons-cp-statut').innerText(), /professionnels? trouvés? près de 75018/);
    await found.check();
    await form.getByRole('radio', { name: /^Tranche B/ }).check();
    assert.match(await page.locator('#bons-cout').innerText(), /Avec la tranche B, vous payez 5\s€ par séance/);
    await form.getByRole('button', { name: 'Recevoir les bons' }).click();
    await page.locator('.succes').filter({ hasText: `Un bon a été ajouté pour des séances de psychologue, chez ${DISPLAY_NAME}` }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Psychologue' }).getByText('Vous payez 5 € au professionnel (séance à 50 €)').count(), 1);
  });

  step('la fiche d’un bon rendu dit qu’il n’est plus valable ; un bon inconnu est introuvable', async () => {
    const returned = wallet.vouchers[2];
    await page.goto(`${BASE_URL}/#/bons/${returned.id}`);
    await heading(/Bon pour une séance/);
    await page.getByText('Ce bon n’est plus valable (rendu).').waitFor();
    assert.equal(await page.getByRole('img', { name: /QR code/ }).count(), 0, 'no QR code for a voucher that is no longer valid');
    assert.equal(await page.getByRole('button', { name: 'Imprimer' }).count(), 0);
    await page.goto(`${BASE_URL}/#/bons/INCONNU1`);
    await heading('Bon introuvable');
    await page.getByRole('link', { name: 'Retour à mes bons' }).waitFor();
  });
});
