// The public page of an approved provider: what they chose to publish.

import { getJson, ApiProblem } from '../api.js';
import { h, problemBox } from '../dom.js';
import { hrefFor } from '../router.js';
import { languageList, telHref, webHref, webLabel, mailHref } from '../format.js';
import { areaText, yesNo, voucherRequestLink } from '../providers.js';
import { currentSession } from '../session.js';

function backLink(params) {
  if (params.cp) {
    return h('p', { class: 'retour' }, h('a', { href: hrefFor('/', { cp: params.cp, pays: params.pays, rayon: params.rayon, service: params.service }) },
      `Retour aux résultats pour ${params.cp}`));
  }
  return h('p', { class: 'retour' }, h('a', { href: hrefFor('/') }, 'Trouver de l’aide près de chez moi'));
}

function row(term, value) {
  return h('div', { class: 'fiche__ligne' }, h('dt', {}, term), h('dd', {}, value));
}

export default {
  path: '/prestataires/:id',
  title: 'Fiche d’un professionnel agréé',
  inNav: false,

  async render(container, params, context) {
    const heading = h('h1', {}, 'Fiche d’un professionnel agréé');
    container.append(heading);
    let listing;
    try {
      listing = await getJson(`/api/providers/${encodeURIComponent(params.id)}`, { signal: context.signal });
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      const problem = error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'La fiche n’a pas pu s’afficher.' });
      heading.textContent = problem.status === 404 ? 'Fiche introuvable' : 'Fiche indisponible';
      context.setTitle(heading.textContent);
      container.append(problemBox(problem), backLink(params));
      return;
    }
    if (context.signal.aborted) return;
    heading.textContent = listing.displayName;
    context.setTitle(`${listing.displayName}, ${listing.service?.label || 'professionnel agréé'}`);

    const country = listing.country || (/^\d{4}$/.test(listing.postalCode || '') ? 'BE' : 'FR');
    const address = [listing.street, [listing.postalCode, listing.locality].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    const rows = [
      row('Profession', listing.service?.label || ''),
      row('Cabinet', address),
    ];
    if (listing.department) rows.push(row(country === 'BE' ? 'Province' : 'Département', listing.department));
    rows.push(row('Reçoit les parents', areaText(listing.area, country)));
    rows.push(row('Langues', languageList(listing.languages) || '—'));
    rows.push(row('Séances à distance', yesNo(listing.remoteSessions)));
    rows.push(row('Accessible en fauteuil roulant', yesNo(listing.wheelchairAccessible)));
    const tel = telHref(listing.phone);
    if (listing.phone) rows.push(row('Téléphone', tel ? h('a', { href: tel }, listing.phone) : listing.phone));
    const mail = mailHref(listing.email);
    if (listing.email) rows.push(row('Adresse électronique', mail ? h('a', { href: mail }, listing.email) : listing.email));
    const web = webHref(listing.website);
    if (web) rows.push(row('Site internet', h('a', { href: web, rel: 'noopener noreferrer' }, webLabel(web))));
    const contacts = Boolean(listing.phone || listing.email || web);

    container.append(...[
      h('p', {}, h('span', { class: 'etiquette' }, listing.service?.label || ''), ' ', h('span', { class: 'statut statut--approved' }, 'Agréé par le programme')),
      h('dl', { class: 'fiche' }, rows),
      currentSession()?.role === 'parent' ? h('p', {}, voucherRequestLink(listing, { className: 'bouton' })) : null,
      contacts ? null : h('p', {}, 'Ce professionnel n’a pas publié de coordonnées : l’équipe Passerelle ou le service qui vous a remis un bon peut vous mettre en relation.'),
      h('div', { class: 'avis avis--info', role: 'note' },
        h('p', {}, h('strong', {}, 'Professionnel agréé par Passerelle. '),
          'Il s’est engagé à recevoir les parents orientés par le programme dans un délai raisonnable, à ne demander aucun paiement pour une séance couverte par un bon au-delà de la participation prévue, et à respecter le secret professionnel.')),
      backLink(params),
    ].filter(Boolean));
  },
};
