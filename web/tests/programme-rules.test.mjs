// The programme's rules, in the browser: an agent reads the versions, publishes a new one
// (a wrong amount and a past start date first: errors next to the fields and in the summary),
// and the public « Le programme » section announces it. axe-core on each state.
//
//   BASE_URL=http://127.0.0.1:3000 npm run test:browser
//
// The version published copies the one in force and starts on the first free day (tomorrow,
// or the day after the latest version): the suite can run again against the same runtime, and
// vouchers issued today are not affected.

import assert from 'node:assert/strict';
import { browserSuite, BASE_URL, uniqueWord, tokenFor, api } from './helpers.mjs';

const TAG = uniqueWord();
const AGENT_ACCOUNT = `Agent ${TAG}`;
const PARENT_ACCOUNT = `Parent ${TAG}`;

const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const frenchDate = (iso) => longDate.format(new Date(`${iso}T00:00:00Z`));

/** Today in Paris, plus `days`, as YYYY-MM-DD. */
function parisDate(days) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

browserSuite('Règles du programme : versions, publication, annonce publique', (t) => {
  const { step, checkAxe, heading, nav } = t;
  let page;
  let book;
  let published;

  step('l’agent lit les versions et trouve le formulaire prérempli avec la version en vigueur', async () => {
    page = t.page();
    book = (await api('GET', '/api/back-office/rules', { token: await tokenFor('agent', AGENT_ACCOUNT) })).body;
    await t.signIn('Agent du programme', AGENT_ACCOUNT);
    await nav().getByRole('link', { name: 'Règles du programme' }).click();
    await heading('Règles du programme');
    const table = page.getByRole('table', { name: 'Versions des règles, de la plus récente à la plus ancienne' });
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), book.versions.length, 'every version');
    const current = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: `n° ${book.inForce.sequence}`, exact: true }) });
    assert.match(await current.innerText(), /En vigueur/);
    assert.match(await current.innerText(), /Psychologue : \d+(,\d\d)?\s€/);
    assert.match(await current.innerText(), new RegExp(`${book.inForce.tiers[0].code} — `));

    const form = page.getByRole('form', { name: 'Publier une nouvelle version' });
    assert.equal(await form.getByRole('textbox', { name: 'Séances par service' }).inputValue(), String(book.inForce.sessionsPerService));
    assert.equal(await form.getByRole('textbox', { name: 'Validité des bons' }).inputValue(), String(book.inForce.validityMonths));
    assert.equal(await form.getByRole('textbox', { name: 'Psychologue' }).inputValue(), String(book.inForce.tariffCents.psychologist / 100));
    assert.equal(await form.getByRole('group', { name: /^Tranche \d$/ }).count(), book.inForce.tiers.length);
    const start = page.locator('#regles-validFrom');
    assert.equal(await start.getAttribute('type'), 'date');
    assert.equal(await start.getAttribute('min'), parisDate(1), 'tomorrow at the earliest');
    const latest = book.versions.map((v) => v.validFrom).sort().pop();
    const expected = [parisDate(1), new Date(Date.parse(`${latest}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)].sort().pop();
    assert.equal(await start.inputValue(), expected, 'the first free day');
    await checkAxe('the rules page');
  });

  step('ajouter puis retirer une tranche, au clavier', async () => {
    const form = page.getByRole('form', { name: 'Publier une nouvelle version' });
    const count = await form.getByRole('group', { name: /^Tranche \d+$/ }).count();
    await form.getByRole('button', { name: 'Ajouter une tranche' }).click();
    assert.equal(await form.getByRole('group', { name: /^Tranche \d+$/ }).count(), count + 1);
    assert.equal(await page.evaluate(() => document.activeElement?.id), `regles-tier-${count}-code`, 'focus on the new tier');
    await form.getByRole('button', { name: `Retirer la tranche ${count + 1}` }).press('Enter');
    assert.equal(await form.getByRole('group', { name: /^Tranche \d+$/ }).count(), count);
  });

  step('un montant illisible, puis une date passée : erreurs près des champs et dans le résumé', async () => {
    const form = page.getByRole('form', { name: 'Publier une nouvelle version' });
    const start = page.locator('#regles-validFrom');
    const firstDay = await start.inputValue();
    const tariff = form.getByRole('textbox', { name: 'Avocat' });
    const lawyer = await tariff.inputValue();
    await tariff.fill('quatre-vingts');
    await form.getByRole('button', { name: 'Publier la nouvelle version' }).click();
    const summary = page.locator('.resume-erreurs');
    await summary.getByRole('link', { name: /^Tarif \(avocat\) : Saisissez un montant en euros/ }).waitFor();
    assert.equal(await tariff.getAttribute('aria-invalid'), 'true');
    assert.match(await tariff.getAttribute('aria-describedby'), /regles-tariff-lawyer-erreur/);
    await tariff.fill(lawyer);

    await start.fill(parisDate(-1));
    await form.getByRole('button', { name: 'Publier la nouvelle version' }).click();
    const link = summary.getByRole('link', { name: /^Date de début : / });
    await link.waitFor();
    assert.equal(await summary.getByRole('link').count(), 1, 'only the date is wrong');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('resume-erreurs')), true, 'focus on the summary');
    assert.match(await page.title(), /^Erreur : Règles du programme/);
    assert.equal(await start.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#regles-validFrom-erreur').innerText(), /demain/);
    await checkAxe('the rules form with a past start date');
    await link.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'regles-validFrom', 'the link focuses the field');
    await start.fill(firstDay);
  });

  step('des plafonds de tranches dans le désordre : l’API le refuse et l’erreur désigne le plafond fautif', async () => {
    const form = page.getByRole('form', { name: 'Publier une nouvelle version' });
    const tier = (n) => form.getByRole('group', { name: `Tranche ${n}`, exact: true });
    const count = await form.getByRole('group', { name: /^Tranche \d+$/ }).count();
    assert.ok(count >= 2, 'the version in force has at least two bands');
    const firstBound = Number((await tier(1).getByRole('textbox', { name: /^Quotient familial inférieur à/ }).inputValue()).replace(/\D/g, ''));
    assert.ok(firstBound > 1, 'the first band has a bound');
    await form.getByRole('button', { name: 'Ajouter une tranche' }).click();
    const added = tier(count + 1);
    await added.getByRole('textbox', { name: 'Lettre' }).fill('Z');
    await added.getByRole('textbox', { name: 'Libellé montré aux parents' }).fill('Tous les autres');
    await added.getByRole('textbox', { name: /^Participation du parent/ }).fill('0');
    // The band before the new last one gets a bound below the first band's.
    const lowered = tier(count).getByRole('textbox', { name: /^Quotient familial inférieur à/ });
    const before = await lowered.inputValue();
    await lowered.fill(String(firstBound - 1));
    await form.getByRole('button', { name: 'Publier la nouvelle version' }).click();
    const link = page.locator('.resume-erreurs').getByRole('link', { name: new RegExp(`^Tranche ${count}, plafond du quotient familial : Les plafonds vont en croissant`) });
    await link.waitFor();
    assert.equal(await lowered.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator(`#regles-tier-${count - 1}-upToQuotient-erreur`).innerText(), new RegExp(`dépasser ${firstBound}`));
    await checkAxe('the rules form with bands out of order');
    await form.getByRole('button', { name: `Retirer la tranche ${count + 1}` }).click();
    await tier(count).getByRole('textbox', { name: /^Quotient familial inférieur à/ }).fill(before);
  });

  step('la nouvelle version est publiée et s’ajoute au tableau, « À venir »', async () => {
    await page.getByRole('button', { name: 'Publier la nouvelle version' }).click();
    const done = page.locator('.succes').filter({ hasText: /La version \d+ est publiée/ });
    await done.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('succes')), true, 'focus on the outcome');
    const after = (await api('GET', '/api/back-office/rules', { token: await tokenFor('agent', AGENT_ACCOUNT) })).body;
    published = after.versions.reduce((a, b) => (b.sequence > a.sequence ? b : a));
    assert.ok(published.sequence > book.inForce.sequence);
    assert.ok((await done.innerText()).includes(`La version ${published.sequence} est publiée : elle s’appliquera à partir du ${frenchDate(published.validFrom)}`));
    const row = page.getByRole('table', { name: /Versions des règles/ }).locator('tbody tr').first();
    assert.match(await row.innerText(), new RegExp(`n° ${published.sequence}`));
    assert.match(await row.innerText(), /À venir/);
    assert.ok((await row.innerText()).includes(`à partir du ${frenchDate(published.validFrom)}`));
    assert.equal(published.sessionsPerService, book.inForce.sessionsPerService, 'the values of the version in force');
    assert.deepEqual(published.tariffCents, book.inForce.tariffCents);
    assert.doesNotMatch(await page.title(), /Erreur/);
    await checkAxe('the rules page after publishing');
  });

  step('le public voit les règles en vigueur et la version annoncée ; un parent n’a pas accès à la page', async () => {
    await t.signIn('Parent', PARENT_ACCOUNT);
    await page.goto(`${BASE_URL}/#/back-office/regles`);
    await heading('Règles du programme');
    await page.getByRole('heading', { name: 'Page réservée' }).waitFor();
    assert.equal(await nav().getByRole('link', { name: 'Règles du programme' }).count(), 0);

    await page.goto(`${BASE_URL}/#/je-me-separe`);
    const programme = page.getByRole('region', { name: 'Le programme Passerelle : les bons' });
    await programme.waitFor();
    await programme.getByText(`Nouvelles règles à partir du ${frenchDate(published.validFrom)} :`).waitFor();
    const table = programme.getByRole('table', { name: /Ce que coûte une séance/ });
    const header = await table.locator('thead').innerText();
    for (const tier of book.inForce.tiers) assert.ok(header.includes(`tranche ${tier.code}`), `a column for tier ${tier.code}`);
    assert.equal(await table.locator('tbody tr').count(), 4, 'the four services');
    await checkAxe('the public programme section');
  });
});
