// « Dossiers prestataires » (role agent): the records of one status, oldest first, by pages.

import { getJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, problemBox } from '../dom.js';
import { hrefFor } from '../router.js';
import { formatDateTime, plural } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { STATUSES } from '../providers.js';

const TITLE = 'Dossiers prestataires';
const TABS = ['submitted', 'approved', 'suspended', 'rejected'];
const PAGE_SIZE = 20;
const EMPTY = {
  submitted: 'Aucun dossier à examiner pour le moment.',
  approved: 'Aucun prestataire agréé.',
  suspended: 'Aucun prestataire suspendu.',
  rejected: 'Aucune candidature refusée.',
};
const CAPTIONS = {
  submitted: 'Dossiers à examiner, les plus anciennement déposés d’abord',
  approved: 'Prestataires agréés, les plus anciens d’abord',
  suspended: 'Prestataires suspendus, les plus anciens d’abord',
  rejected: 'Candidatures refusées, les plus anciennes d’abord',
};

const BANK_TAB = 'banque';
const BANK_TAB_LABEL = 'Changements de compte bancaire';

function tabs(current) {
  return h('nav', { class: 'onglets', 'aria-label': 'Statut des dossiers' },
    h('ul', { class: 'onglets__liste' }, [...TABS, BANK_TAB].map((status) => h('li', {},
      h('a', {
        href: hrefFor('/back-office/prestataires', { statut: status }),
        class: 'onglets__lien',
        'aria-current': status === current ? 'page' : null,
      }, status === BANK_TAB ? BANK_TAB_LABEL : STATUSES[status].tab)))));
}

/**
 * Loads the first page of a list into `results` (busy until then): its items and next cursor, or null
 * when the page was left or the list could not be had (the problem is then shown in `results`).
 */
async function firstPage(path, query, results, context) {
  let page;
  try {
    page = await getJson(path, { query, signal: context.signal });
  } catch (error) {
    if (error?.name === 'AbortError' || context.signal.aborted) return null;
    results.removeAttribute('aria-busy');
    if (isSignInProblem(error)) results.replaceChildren(signInInvite({ reason: 'expired' }));
    else results.replaceChildren(problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'La liste n’a pas pu s’afficher.' })));
    return null;
  }
  if (context.signal.aborted) return null;
  results.removeAttribute('aria-busy');
  return { items: Array.isArray(page.items) ? page.items : [], nextCursor: page.nextCursor };
}

/** Changes of bank account waiting for an agent, oldest request first; IBANs masked here, in full on the record. */
async function bankQueue(container, context) {
  context.setTitle(`${TITLE} : ${BANK_TAB_LABEL}`);
  const results = h('div', { class: 'file', 'aria-busy': 'true' }, h('p', { class: 'chargement' }, 'Chargement des changements…'));
  container.append(tabs(BANK_TAB), results);
  const page = await firstPage('/api/back-office/bank-changes', { limit: 100 }, results, context);
  if (!page) return;
  const { items } = page;
  if (!items.length) {
    results.replaceChildren(h('p', { class: 'file__vide' }, 'Aucun changement de compte bancaire à examiner.'));
    context.announce('Aucun changement de compte bancaire à examiner.');
    return;
  }
  const rows = items.map((c) => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: hrefFor(`/back-office/prestataires/${encodeURIComponent(c.id)}`), class: 'dossier__lien' }, c.displayName)),
    h('td', {}, c.service || ''),
    h('td', {}, STATUSES[c.status]?.label || c.status || ''),
    h('td', {}, h('span', { class: 'iban' }, c.current?.iban || '')),
    h('td', {}, h('span', { class: 'iban' }, c.requested?.iban || '')),
    h('td', {}, formatDateTime(c.requestedAt)),
    h('td', {}, c.previousAccountClosed ? 'Ancien compte clos : virements retenus' : 'Ancien compte payé en attendant')));
  results.replaceChildren(...[h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': 'titre-file-banque', tabindex: '0' },
    h('table', { class: 'tableau' },
      h('caption', { id: 'titre-file-banque' }, 'Changements de compte bancaire à examiner, les plus anciens d’abord'),
      h('thead', {}, h('tr', {}, ['Prestataire', 'Profession', 'Dossier', 'Compte vérifié', 'Nouveau compte', 'Demandé le', 'En attendant']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))),
    page.nextCursor ? h('p', {}, 'D’autres changements attendent : traitez ceux-ci d’abord.') : null].filter(Boolean));
  context.announce(`${plural(items.length, 'changement', 'changements')} de compte bancaire à examiner.`);
}

function row(record, status) {
  const credential = record.credential || {};
  const address = record.address || {};
  const cells = [
    h('th', { scope: 'row' }, h('a', { href: hrefFor(`/back-office/prestataires/${encodeURIComponent(record.id)}`), class: 'dossier__lien' }, record.displayName)),
    h('td', {}, record.service?.label || ''),
    h('td', {}, [address.postalCode, address.locality].filter(Boolean).join(' ')),
    h('td', {}, [credential.kind, credential.number || credential.issuer, credential.year].filter(Boolean).join(' ')),
    h('td', {}, formatDateTime(status === 'submitted' ? record.submittedAt : (record.decidedAt || record.submittedAt))),
  ];
  if (status === 'rejected' || status === 'suspended') cells.push(h('td', {}, record.reason || '—'));
  return h('tr', {}, cells);
}

export default {
  path: '/back-office/prestataires',
  title: TITLE,
  navLabel: 'Dossiers prestataires',
  roles: ['agent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'agent', 'agents du programme')) return;
    if (params.statut === BANK_TAB) {
      await bankQueue(container, context);
      return;
    }
    const status = TABS.includes(params.statut) ? params.statut : 'submitted';
    context.setTitle(`${TITLE} : ${STATUSES[status].tab}`);
    const results = h('div', { class: 'file', 'aria-busy': 'true' }, h('p', { class: 'chargement' }, 'Chargement des dossiers…'));
    container.append(tabs(status), results);

    const page = await firstPage('/api/back-office/providers', { status, limit: PAGE_SIZE }, results, context);
    if (!page) return;
    const { items } = page;
    if (items.length === 0) {
      results.replaceChildren(h('p', { class: 'file__vide' }, EMPTY[status]));
      context.announce(EMPTY[status]);
      return;
    }

    const captionId = 'titre-file';
    const headers = ['Prestataire', 'Profession', 'Cabinet', 'Inscription', status === 'submitted' ? 'Déposé le' : 'Décision du'];
    if (status === 'rejected' || status === 'suspended') headers.push('Motif');
    const body = h('tbody', {});
    const table = h('table', { class: 'tableau' },
      h('caption', { id: captionId }, CAPTIONS[status]),
      h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))),
      body);
    const count = h('p', { class: 'services__compte', id: 'file-compte' });
    const more = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Voir plus de dossiers');
    const moreArea = h('div', { class: 'services__suite' }, count, more);
    let shown = 0;
    let cursor = null;

    const add = (pageItems, nextCursor) => {
      const rows = pageItems.map((record) => row(record, status));
      body.append(...rows);
      shown += rows.length;
      cursor = nextCursor || null;
      more.hidden = !cursor;
      count.textContent = `${plural(shown, 'dossier affiché', 'dossiers affichés')}${cursor ? '' : ' : c’est la fin de la liste'}.`;
      return rows;
    };

    more.addEventListener('click', async () => {
      if (more.getAttribute('aria-disabled') === 'true' || !cursor) return;
      more.setAttribute('aria-disabled', 'true');
      moreArea.querySelector('.probleme')?.remove();
      more.textContent = 'Chargement…';
      try {
        const next = await getJson('/api/back-office/providers', { query: { status, limit: PAGE_SIZE, cursor }, signal: context.signal });
        if (context.signal.aborted) return;
        const rows = add(Array.isArray(next.items) ? next.items : [], next.nextCursor);
        if (rows.length) {
          context.announce(`${plural(rows.length, 'dossier de plus', 'dossiers de plus')} : ${shown} affichés.`);
          rows[0].querySelector('a')?.focus();
        } else {
          context.announce('Il n’y a pas d’autre dossier.');
          count.setAttribute('tabindex', '-1');
          count.focus();
        }
      } catch (error) {
        if (error?.name === 'AbortError' || context.signal.aborted) return;
        if (isSignInProblem(error)) {
          moreArea.append(signInInvite({ reason: 'expired', headingLevel: 2 }));
        } else {
          moreArea.append(problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'La suite n’a pas pu s’afficher.' }), { headingLevel: 2 }));
        }
      } finally {
        more.textContent = 'Voir plus de dossiers';
        more.removeAttribute('aria-disabled');
      }
    });

    add(items, page.nextCursor);
    results.replaceChildren(
      h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': captionId, tabindex: '0' }, table),
      moreArea);
    context.announce(`${plural(shown, 'dossier', 'dossiers')} ${STATUSES[status].tab.toLowerCase()}.`);
  },
};
