// « Mes relevés » (role provider): the statements of each reimbursement run, with what was
// paid and what is carried forward; each one as a printable page (sessions by voucher code, the
// rule version that priced them, amounts) and as CSV for the provider's accounts.

import { getJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { formatDate, formatDateTime, formatEuros, formatNumber, plural } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { hrefFor } from '../router.js';
import { downloadFile } from '../download.js';
import { serviceHeading } from '../vouchers.js';

const TITLE = 'Mes relevés';
const PATH = '/prestataire/releves';

function csvButton(statement, context) {
  const button = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Télécharger en CSV');
  button.setAttribute('aria-label', `Télécharger en CSV le relevé ${statement.reference}`);
  button.addEventListener('click', async () => {
    try {
      await downloadFile(statement.csvUrl, `releve-${statement.reference}.csv`);
      context.announce(`Relevé ${statement.reference} téléchargé.`);
    } catch (error) {
      context.announce(error?.detail || 'Le relevé n’a pas pu être téléchargé.');
    }
  });
  return button;
}

function failure(container, error, what) {
  const box = isSignInProblem(error) ? signInInvite({ reason: 'expired' })
    : problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: `${what} n’a pas pu s’afficher.` }));
  container.replaceChildren(h('h1', {}, TITLE), box);
}

function listTable(items, context) {
  const captionId = 'titre-releves-tableau';
  return h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
    h('table', { class: 'tableau tableau--releves' },
      h('caption', { id: captionId }, 'Relevés, du plus récent au plus ancien'),
      h('thead', {}, h('tr', {}, ['Relevé', 'Séances', 'Total des séances', 'Report précédent', 'Versé', 'Reporté', 'Documents']
        .map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, items.map((s) => h('tr', {},
        h('th', { scope: 'row' }, formatDateTime(s.createdAt), h('span', { class: 'tableau__note' }, s.reference)),
        h('td', {}, formatNumber(s.lines)),
        h('td', {}, formatEuros(s.linesTotalCents)),
        h('td', {}, formatEuros(s.carriedInCents)),
        h('td', {}, h('strong', {}, formatEuros(s.payableCents))),
        h('td', {}, formatEuros(s.carriedOutCents)),
        h('td', {},
          h('a', { href: hrefFor(PATH, { remboursement: s.runId }), 'aria-label': `Voir et imprimer le relevé ${s.reference}` }, 'Voir et imprimer'),
          ' ', csvButton(s, context)))))));
}

function statementPage(s, context) {
  const captionId = 'titre-lignes';
  const print = h('button', { type: 'button', class: 'bouton' }, 'Imprimer');
  print.addEventListener('click', () => window.print());
  return h('article', { class: 'releve', 'aria-labelledby': 'titre-releve' },
    h('p', { class: 'retour non-imprime' }, h('a', { href: hrefFor(PATH) }, 'Retour à mes relevés')),
    h('h1', { id: 'titre-releve' }, `Relevé ${s.reference}`),
    h('p', {}, `Établi le ${formatDateTime(s.createdAt)} par le programme Passerelle. Les séances sont désignées par le code du bon ; le relevé ne contient aucune information sur les parents.`),
    h('p', { class: 'non-imprime' }, print, ' ', csvButton(s, context)),
    s.lines.length === 0 ? h('p', {}, 'Aucune séance dans ce relevé.') : h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
      h('table', { class: 'tableau tableau--lignes' },
        h('caption', { id: captionId }, `${formatNumber(s.lines.length)} ${plural(s.lines.length, 'ligne')}`),
        h('thead', {}, h('tr', {}, ['Bon', 'Service', 'Date de la séance', 'Version des règles', 'Tarif', 'Participation du parent', 'Montant']
          .map((text) => h('th', { scope: 'col' }, text)))),
        h('tbody', {}, s.lines.map((l) => h('tr', { class: l.kind === 'reversal' ? 'ligne--annulation' : null },
          h('th', { scope: 'row' }, h('span', { class: 'code-bon' }, l.code),
            l.kind === 'reversal' ? h('span', { class: 'tableau__note' }, 'Séance annulée après remboursement') : null),
          h('td', {}, serviceHeading(l.service, l.service)),
          h('td', {}, formatDate(l.sessionDate)),
          h('td', {}, `n° ${l.ruleVersion}`),
          h('td', {}, formatEuros(l.tariffCents)),
          h('td', {}, formatEuros(l.coPaymentCents)),
          h('td', {}, formatEuros(l.amountCents))))))),
    h('dl', { class: 'fiche releve__totaux' },
      h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Total des séances'), h('dd', {}, formatEuros(s.linesTotalCents))),
      h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Report du relevé précédent'), h('dd', {}, formatEuros(s.carriedInCents))),
      h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Versé par virement'), h('dd', {}, h('strong', {}, formatEuros(s.payableCents)))),
      h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Reporté au prochain relevé'), h('dd', {}, formatEuros(s.carriedOutCents)))));
}

export default {
  path: PATH,
  title: TITLE,
  navLabel: 'Mes relevés',
  roles: ['provider'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'provider', 'professionnels agréés')) return;
    container.append(h('p', { class: 'chargement', role: 'status' }, 'Chargement…'));
    if (params.remboursement) {
      let statement;
      try {
        statement = await getJson(`/api/statements/${encodeURIComponent(params.remboursement)}`, { signal: context.signal });
      } catch (error) {
        if (error?.name === 'AbortError' || context.signal.aborted) return;
        failure(container, error, 'Le relevé');
        return;
      }
      if (context.signal.aborted) return;
      context.setTitle(`Relevé ${statement.reference}`);
      container.replaceChildren(statementPage(statement, context));
      focusElement(container.querySelector('h1'));
      return;
    }
    let page;
    try {
      page = await getJson('/api/statements', { query: { limit: 50 }, signal: context.signal });
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      failure(container, error, 'La liste des relevés');
      return;
    }
    if (context.signal.aborted) return;
    const items = page.items || [];
    const held = page.held
      ? h('div', { class: 'avis', role: 'note', 'data-held-transfer': '' },
        h('p', {}, h('strong', {}, `Virement retenu : ${formatEuros(page.held.waitingCents)} pour ${page.held.sessions} séance${page.held.sessions > 1 ? 's' : ''}. `),
          page.held.reason),
        h('p', {}, 'Rien n’est perdu : ces séances seront payées par le premier remboursement qui suit la vérification.'))
      : null;
    container.replaceChildren(h('h1', {}, TITLE), ...(held ? [held] : []),
      h('p', { class: 'introduction' }, 'Chaque lundi, le programme règle les séances déclarées et appliquées : un relevé par remboursement, puis un virement sur votre compte. Une séance annulée après avoir été remboursée apparaît en négatif sur le relevé suivant ; un solde négatif est reporté.'),
      items.length ? listTable(items, context) : h('p', {}, 'Aucun relevé pour l’instant.'));
  },
};
