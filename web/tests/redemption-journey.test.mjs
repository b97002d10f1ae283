// The acceptance test of redemption, in the browser: an approved provider declares a session
// with the code of a printed voucher (minted through the API by a parent) and sees it applied; a
// declaration whose answer was lost is retried with the same Idempotency-Key and changes nothing
// (checked through the API); a QR code is read from the camera (a fake camera showing the
// voucher's real QR code, decoded by jsQR), and a tampered QR token is refused; a declaration is
// cancelled with a confirmation dialog, the voucher is usable again; the agent's « Messages en
// échec » page lists dead letters and sends them back. axe-core runs on every state checked.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser

import assert from 'node:assert/strict';
import {
  browserSuite, BASE_URL, uniqueWord, tokenFor, api, approvedProvider,
} from './helpers.mjs';

const TAG = uniqueWord();
const PARENT_ACCOUNT = `Parent ${TAG} Seances`;
const PROVIDER_ACCOUNT = `Prestataire ${TAG} Seances`;
const AGENT_ACCOUNT = `Agent ${TAG} Seances`;
const DISPLAY_NAME = `Noemie ${TAG}`;

/** Today in Paris, as the page's date field holds it. */
function parisToday(days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

browserSuite('Séances : déclarer un bon, reprise sans doublon, QR code, annulation, messages en échec', (t) => {
  const { step, checkAxe, heading, nav } = t;
  let page;
  let providerToken;
  let parentToken;
  let vouchers;

  /** The provider's declarations of a voucher, through the API. */
  async function declarationsOf(code) {
    const all = await api('GET', '/api/redemptions?limit=100', { token: providerToken });
    assert.equal(all.status, 200, JSON.stringify(all.body));
    return all.body.items.filter((r) => r.code === code);
  }

  async function voucherStatus(id) {
    return (await api('GET', `/api/vouchers/${id}`, { token: parentToken })).body.status;
  }

  async function openPage() {
    // A new document, so that the init scripts (fake camera, detector) apply.
    await page.goto(`${BASE_URL}/#/prestataire/seances`);
    await page.reload();
    await heading('Déclarer une séance');
    await page.getByRole('textbox', { name: 'Code du bon' }).waitFor();
  }

  step('mise en place : une psychologue agréée, un parent et 5 bons imprimables, par l’API', async () => {
    page = t.page();
    providerToken = await tokenFor('provider', PROVIDER_ACCOUNT);
    const agentToken = await tokenFor('agent', AGENT_ACCOUNT);
    await approvedProvider(providerToken, agentToken, DISPLAY_NAME);
    parentToken = await tokenFor('parent', PARENT_ACCOUNT);
    const minted = await api('POST', '/api/vouchers', {
      token: parentToken, body: { service: 'psychologist', providerId: null, sessions: 5, incomeTier: 'A' },
    });
    assert.equal(minted.status, 201, JSON.stringify(minted.body));
    vouchers = [];
    for (const v of minted.body.vouchers) vouchers.push((await api('GET', `/api/vouchers/${v.id}`, { token: parentToken })).body);
    assert.ok(vouchers.every((v) => v.token && v.qrSvg && v.status === 'issued'));
  });

  step('la prestataire déclare le code imprimé depuis « Mon dossier » et voit la séance enregistrée', async () => {
    await t.signIn('Prestataire', PROVIDER_ACCOUNT);
    await heading('Mon dossier');
    await page.getByRole('link', { name: 'Déclarer une séance et suivre mes déclarations' }).click();
    await heading('Déclarer une séance');
    assert.equal(await nav().getByRole('link', { name: 'Déclarer une séance' }).getAttribute('aria-current'), 'page');
    const field = page.getByRole('textbox', { name: 'Code du bon' });
    const date = page.getByLabel('Date de la séance');
    assert.equal(await date.inputValue(), parisToday(), 'today in Paris by default');
    assert.equal(await date.getAttribute('max'), parisToday(), 'no date to come');
    await page.getByText('Vous n’avez encore déclaré aucune séance.').waitFor();
    await checkAxe('the declaration page, empty');

    // Nothing typed, a date to come: said next to the fields, before any request.
    await date.fill(parisToday(1));
    await page.getByRole('button', { name: 'Déclarer la séance' }).click();
    const summary = page.locator('.resume-erreurs');
    await summary.getByRole('link', { name: /^Code du bon : Saisissez le code/ }).waitFor();
    await summary.getByRole('link', { name: /^Date de la séance : La séance ne peut pas être à venir/ }).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await checkAxe('the declaration form with errors');
    await date.fill(parisToday());

    const keys = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/redemptions') keys.push(request.headers()['idempotency-key']);
    });
    const printed = vouchers[0].code;
    await field.pressSequentially(printed.replace(/-/g, '').toLowerCase());
    assert.equal(await field.inputValue(), printed, 'upper case and grouped as printed');
    await page.getByRole('button', { name: 'Déclarer la séance' }).click();
    const result = page.locator('#seance-resultat');
    assert.equal(await result.getAttribute('aria-live'), 'polite');
    await result.getByRole('heading', { name: 'Séance enregistrée' }).waitFor({ timeout: 30_000 });
    assert.match(await result.innerText(), /Psychologue/);
    assert.ok((await result.innerText()).includes(printed));
    assert.match(await page.title(), /^Séance enregistrée/);
    assert.equal(keys.length, 1);
    assert.match(keys[0], /^[\w-]{16,}$/, 'an Idempotency-Key with the request');

    const declared = await declarationsOf(printed);
    assert.deepEqual(declared.map((r) => [r.status, r.sessionDate]), [['applied', parisToday()]]);
    assert.equal(await voucherStatus(vouchers[0].id), 'redeemed');
    const row = page.locator('tbody tr').filter({ hasText: printed });
    await row.getByText('Enregistrée', { exact: true }).waitFor();
    await checkAxe('the declaration applied, with the history');
  });

  step('une réponse perdue, puis « Réessayer » : la même clé, la même déclaration, rien de plus (vérifié par l’API)', async () => {
    const code = vouchers[1].code;
    const sent = [];
    let firstAnswer = null;
    // The first request reaches the API, which accepts it; its answer never reaches the page.
    await page.route('**/api/redemptions', async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      sent.push({ key: request.headers()['idempotency-key'], body: request.postDataJSON() });
      if (sent.length === 1) {
        const response = await route.fetch();
        firstAnswer = { status: response.status(), body: await response.json() };
        return route.abort('failed');
      }
      return route.continue();
    });
    const field = page.getByRole('textbox', { name: 'Code du bon' });
    await field.fill(code);
    await page.getByRole('button', { name: 'Déclarer la séance' }).click();
    const retry = page.getByRole('button', { name: 'Réessayer' });
    await retry.waitFor();
    await page.getByText('Le service ne répond pas').first().waitFor();
    assert.equal(firstAnswer.status, 202, 'the API had accepted it');
    await checkAxe('a declaration whose answer was lost');

    const second = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/redemptions');
    await retry.click();
    const replay = await second;
    assert.equal(replay.status(), 202);
    assert.equal((await replay.json()).redemptionId, firstAnswer.body.redemptionId, 'the same answer as the first time');
    await page.locator('#seance-resultat').getByRole('heading', { name: 'Séance enregistrée' }).waitFor({ timeout: 30_000 });
    await page.unroute('**/api/redemptions');

    assert.equal(sent.length, 2);
    assert.equal(sent[1].key, sent[0].key, 'the retry sends the same Idempotency-Key');
    assert.deepEqual(sent[1].body, sent[0].body);
    const declared = await declarationsOf(code);
    assert.equal(declared.length, 1, 'one declaration, not two');
    assert.equal(declared[0].id, firstAnswer.body.redemptionId);
    assert.equal(declared[0].status, 'applied');

    // The same key again, straight to the API: the same answer; with another body: refused.
    const again = await fetch(`${BASE_URL}/api/redemptions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${providerToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': sent[0].key },
      body: JSON.stringify(sent[0].body),
    });
    assert.equal(again.status, 202);
    assert.equal((await again.json()).redemptionId, firstAnswer.body.redemptionId);
    const reused = await fetch(`${BASE_URL}/api/redemptions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${providerToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': sent[0].key },
      body: JSON.stringify({ ...sent[0].body, code: vouchers[4].code }),
    });
    assert.equal(reused.status, 422, 'the same key with another body is refused');
    assert.equal((await declarationsOf(code)).length, 1);
    assert.equal((await declarationsOf(vouchers[4].code)).length, 0);

    // A new submission gets a new key.
    await field.fill(vouchers[4].code.slice(0, 20));
    const next = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/redemptions');
    await page.getByRole('button', { name: 'Déclarer la séance' }).click();
    assert.notEqual((await next).headers()['idempotency-key'], sent[0].key);
    // A code cut short: the API says it is incomplete, next to the field.
    await page.locator('.resume-erreurs').getByRole('link', { name: /^Code du bon : Le code est incomplet/ }).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
  });

  step('scanner le QR code du bon avec la caméra (jsQR lit une vraie image) : le jeton est envoyé et vérifié', async () => {
    const voucher = vouchers[2];
    await page.addInitScript((svg) => {
      delete window.BarcodeDetector;
      // A camera filming the printed QR code: the voucher's own SVG drawn on a canvas, as a stream.
      navigator.mediaDevices.getUserMedia = async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 480;
        canvas.height = 480;
        const context = canvas.getContext('2d');
        const image = new Image();
        image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        await image.decode();
        const draw = () => {
          context.fillStyle = '#fff';
          context.fillRect(0, 0, 480, 480);
          context.drawImage(image, 40, 40, 400, 400);
        };
        draw();
        window.setInterval(draw, 100);
        return canvas.captureStream(10);
      };
    }, voucher.qrSvg);
    await openPage();
    const bodies = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/redemptions') bodies.push(request.postDataJSON());
    });
    await page.getByRole('button', { name: 'Scanner le QR code' }).click();
    await page.getByText('QR code lu.').waitFor({ timeout: 20_000 });
    const field = page.getByRole('textbox', { name: 'Code du bon' });
    assert.equal(await field.inputValue(), voucher.code, 'the code carried by the QR code');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'seance-date', 'on to the date');
    assert.equal(await page.locator('video').evaluate((v) => v.srcObject), null, 'the camera is stopped');
    assert.equal(await page.evaluate(() => typeof window.jsQR), 'function', 'decoded by jsQR');
    await checkAxe('the declaration page after a scan');
    await page.getByRole('button', { name: 'Déclarer la séance' }).click();
    await page.locator('#seance-resultat').getByRole('heading', { name: 'Séance enregistrée' }).waitFor({ timeout: 30_000 });
    assert.equal(bodies.at(-1).code, voucher.token, 'the QR token itself is sent');
    assert.equal((await declarationsOf(voucher.code)).map((r) => r.status).join(), 'applied');
    assert.equal(await voucherStatus(voucher.id), 'redeemed');
  });

  step('un jeton de QR code altéré (BarcodeDetector simulé) est refusé : « Bon non valable »', async () => {
    const voucher = vouchers[3];
    const [head, payload, signature] = voucher.token.split('.');
    const tampered = `${head}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await page.addInitScript((token) => {
      window.BarcodeDetector = class {
        static async getSupportedFormats() { return ['qr_code']; }
        async detect() { return [{ format: 'qr_code', rawValue: token }]; }
      };
    }, tampered);
    await openPage();
    await page.getByRole('button', { name: 'Scanner le QR code' }).click();
    await page.getByText('QR code lu.').waitFor();
    const field = page.getByRole('textbox', { name: 'Code du bon' });
    assert.equal(await field.inputValue(), voucher.code);
    await page.getByRole('button', { name: 'Déclarer la séance' }).click();
    await page.locator('.resume-erreurs').getByRole('link', { name: /^Code du bon : Ce code n'est pas valable pour vous/ }).waitFor();
    assert.equal((await declarationsOf(voucher.code)).length, 0);
    assert.equal(await voucherStatus(voucher.id), 'issued');
    // Typed again by hand, the code is the voucher's: it is accepted.
    await field.fill(voucher.code);
    await page.getByRole('button', { name: 'Déclarer la séance' }).click();
    await page.locator('#seance-resultat').getByRole('heading', { name: 'Séance enregistrée' }).waitFor({ timeout: 30_000 });
  });

  step('annuler une déclaration : confirmation, résultat, le bon redevient utilisable ; filtre par statut', async () => {
    const voucher = vouchers[0];
    const row = page.locator('tbody tr').filter({ hasText: voucher.code });
    await row.waitFor();
    const cancel = row.getByRole('button', { name: new RegExp(`^Annuler la déclaration du .*, bon ${voucher.code}$`) });
    await cancel.click();
    const dialog = page.getByRole('dialog', { name: 'Annuler cette déclaration ?' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Non, la garder', 'the safe choice has the focus');
    await checkAxe('the cancellation dialog');
    await dialog.getByRole('button', { name: 'Non, la garder' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await voucherStatus(voucher.id), 'redeemed', 'nothing cancelled');
    await cancel.click();
    await dialog.getByRole('button', { name: 'Oui, annuler la déclaration' }).click();
    await page.locator('.succes').filter({ hasText: `(bon ${voucher.code}) est annulée : le bon redevient utilisable` }).waitFor();
    await page.locator('tbody tr').filter({ hasText: voucher.code }).getByText('Annulée', { exact: true }).waitFor();
    assert.equal(await page.locator('tbody tr').filter({ hasText: voucher.code }).getByRole('button').count(), 0, 'nothing more to cancel');
    assert.equal(await voucherStatus(voucher.id), 'issued', 'the voucher is usable again');
    assert.deepEqual((await declarationsOf(voucher.code)).map((r) => r.status), ['cancelled']);
    await checkAxe('the history after a cancellation');

    await page.getByLabel('Statut', { exact: true }).selectOption('cancelled');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('table').locator('caption').filter({ hasText: 'annulées' }).waitFor();
    const codes = await page.locator('tbody tr .code-bon').allInnerTexts();
    assert.deepEqual(codes, [voucher.code], 'only the cancelled one');
    await page.getByLabel('Statut', { exact: true }).selectOption('rejected');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByText('Aucune déclaration refusée.').waitFor();
  });

  step('un parent n’a pas accès à la page ; un agent voit les messages en échec et les renvoie', async () => {
    await t.signIn('Parent', PARENT_ACCOUNT);
    await page.goto(`${BASE_URL}/#/prestataire/seances`);
    await page.getByRole('heading', { name: 'Page réservée' }).waitFor();

    await t.signIn('Agent du programme', AGENT_ACCOUNT);
    await nav().getByRole('link', { name: 'Messages en échec' }).click();
    await heading('Messages en échec');
    // What the API holds now (nothing has failed in this run).
    await page.locator('.echecs__vide, .echecs__liste table').first().waitFor();
    const real = await api('GET', '/api/back-office/dead-letters', { token: await tokenFor('agent', AGENT_ACCOUNT) });
    assert.equal(real.status, 200);
    if (real.body.items.length === 0) await page.getByText('Aucun message en échec').waitFor();
    await checkAxe('the dead letters page');

    // Two dead letters, at the network boundary (making real ones needs a broken database:
    // RedemptionReliabilityIT does that against the same endpoints).
    let letters = [
      { messageId: 'm-1', redemptionId: 'R0000000000000AA', voucherId: 'V1', sentAt: '2026-11-23T09:00:00Z', receiveCount: 5, readable: true, reason: 'La déclaration R0000000000000AA est introuvable dans la base.', failedAt: '2026-11-23T09:05:00Z' },
      { messageId: 'm-2', redemptionId: null, voucherId: null, sentAt: '2026-11-23T10:00:00Z', receiveCount: 5, readable: false, reason: 'Message illisible.', failedAt: null },
    ];
    const redriven = [];
    await page.route('**/api/back-office/dead-letters', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: letters }) }));
    await page.route('**/api/back-office/dead-letters/redrive', (route) => {
      const body = route.request().postDataJSON();
      redriven.push(body);
      const moved = body.all ? letters.length : letters.filter((l) => l.messageId === body.messageId).length;
      letters = body.all ? [] : letters.filter((l) => l.messageId !== body.messageId);
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ moved }) });
    });
    await page.getByRole('button', { name: 'Actualiser' }).click();
    const table = page.getByRole('table');
    await table.locator('caption').filter({ hasText: '2 messages en échec' }).waitFor();
    const first = table.locator('tbody tr').first();
    assert.match(await first.innerText(), /R0000000000000AA[\s\S]*introuvable dans la base[\s\S]*5[\s\S]*23 novembre 2026 à 10:00[\s\S]*23 novembre 2026 à 10:05/);
    await checkAxe('the dead letters page with two letters');
    await first.getByRole('button', { name: 'Renvoyer le message de la déclaration R0000000000000AA' }).click();
    await page.locator('.succes').filter({ hasText: '1 message renvoyé dans la file : il sera appliqué dans quelques secondes.' }).waitFor();
    await table.locator('caption').filter({ hasText: '1 message en échec' }).waitFor();
    await page.getByRole('button', { name: 'Tout renvoyer' }).click();
    await page.getByText('Aucun message en échec').waitFor();
    assert.deepEqual(redriven, [{ messageId: 'm-1' }, { all: true }]);
    await page.unroute('**/api/back-office/dead-letters');
    await page.unroute('**/api/back-office/dead-letters/redrive');
  });
});
