// The printable voucher (role parent): the code, large and grouped as given, the QR code, the
// service, the provider if the voucher is bound to one, the last valid day, what the parent pays,
// and how to use it. Only the voucher prints (see @media print in app.css), one per page.

import { getJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, problemBox } from '../dom.js';
import { hrefFor } from '../router.js';
import { formatDate, formatDateTime, formatEuros } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { VOUCHER_STATUSES, voucherBadge, sessionOf, codeGroups, qrNode } from '../vouchers.js';

const TITLE = 'Bon à imprimer';

function backLink() {
  return h('p', { class: 'retour non-imprime' }, h('a', { href: hrefFor('/bons') }, 'Retour à mes bons'));
}

function row(term, ...value) {
  return h('div', { class: 'fiche__ligne' }, h('dt', {}, term), h('dd', {}, value));
}

function voucherSheet(voucher) {
  const service = voucher.service || {};
  const usable = voucher.status === 'issued';
  const qr = usable ? qrNode(voucher.qrSvg, `QR code du bon ${voucher.code}`) : null;
  const copay = voucher.coPaymentCents > 0
    ? `${formatEuros(voucher.coPaymentCents)} par séance, à régler au professionnel (le programme paie le reste : la séance coûte ${formatEuros(voucher.tariffCents)})`
    : `Aucune : le programme paie toute la séance (${formatEuros(voucher.tariffCents)})`;
  return h('article', { class: `bon${usable ? '' : ' bon--invalide'}`, 'aria-labelledby': 'titre-bon' },
    h('header', { class: 'bon__entete' },
      h('p', { class: 'bon__programme' }, 'Passerelle · programme d’accompagnement des parents qui se séparent'),
      h('h1', { id: 'titre-bon', class: 'bon__titre' }, `Bon pour une séance ${sessionOf(service.code) || `(${service.label || ''})`}`)),
    usable ? null : h('div', { class: 'probleme', role: 'note' },
      h('p', { class: 'probleme__titre' }, `Ce bon n’est plus valable (${VOUCHER_STATUSES[voucher.status]?.label.toLowerCase() || voucher.status}).`),
      h('p', {}, VOUCHER_STATUSES[voucher.status]?.long || '')),
    h('div', { class: 'bon__corps' },
      qr ? h('div', { class: 'bon__qr' }, qr) : null,
      h('div', { class: 'bon__texte' },
        h('p', { class: 'bon__libelle-code' }, 'Code du bon à saisir'),
        h('p', { class: 'code-bon code-bon--grand' }, codeGroups(voucher.code)),
        h('dl', { class: 'fiche bon__fiche' },
          row('Service', service.label || service.code || ''),
          row('Professionnel', voucher.provider?.name
            ? `${voucher.provider.name} uniquement`
            : 'Tout professionnel agréé par le programme pour ce service'),
          row('Valable jusqu’au', `${formatDate(voucher.expiresOn)} inclus`),
          row('Votre participation', copay),
          row('Statut', voucherBadge(voucher.status)),
          row('Remis le', formatDateTime(voucher.issuedAt))))),
    h('section', { class: 'bon__mode-emploi', 'aria-labelledby': 'titre-mode-emploi' },
      h('h2', { id: 'titre-mode-emploi' }, 'Comment l’utiliser'),
      h('ol', {},
        h('li', {}, voucher.provider?.name
          ? `Prenez rendez-vous avec ${voucher.provider.name}.`
          : 'Prenez rendez-vous avec un professionnel agréé par Passerelle (annuaire sur le site, rubrique « Trouver de l’aide près de chez moi »).'),
        h('li', {}, 'Le jour de la séance, montrez ce bon, imprimé ou sur votre téléphone : le professionnel scanne le QR code ou saisit le code.'),
        h('li', {}, voucher.coPaymentCents > 0
          ? `Réglez seulement votre participation de ${formatEuros(voucher.coPaymentCents)} : rien de plus ne peut vous être demandé pour cette séance.`
          : 'Vous n’avez rien à payer : rien ne peut vous être demandé pour cette séance.'),
        h('li', {}, 'Un bon vaut une séance. Gardez-le pour vous : le code suffit pour l’utiliser. Si vous n’en avez plus besoin, rendez-le depuis « Mes bons ».'))));
}

export default {
  path: '/bons/:id',
  title: TITLE,
  inNav: false,
  roles: ['parent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'parent', 'parents')) return;
    container.append(h('p', { class: 'chargement', role: 'status' }, 'Chargement du bon…'));
    let voucher;
    try {
      voucher = await getJson(`/api/vouchers/${encodeURIComponent(params.id)}`, { signal: context.signal });
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      if (isSignInProblem(error)) {
        container.replaceChildren(h('h1', {}, TITLE), signInInvite({ reason: 'expired' }));
        return;
      }
      const problem = error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'Le bon n’a pas pu s’afficher.' });
      const title = problem.status === 404 ? 'Bon introuvable' : TITLE;
      context.setTitle(title);
      container.replaceChildren(h('h1', {}, title), problemBox(problem), backLink());
      return;
    }
    if (context.signal.aborted) return;
    context.setTitle(`Bon ${voucher.code}`);
    const usable = voucher.status === 'issued';
    container.replaceChildren(h('div', { class: 'impression' },
      backLink(),
      voucherSheet(voucher),
      usable ? h('div', { class: 'impression__actions non-imprime' },
        h('button', { type: 'button', class: 'bouton', onclick: () => window.print() }, 'Imprimer'),
        h('p', { class: 'champ__aide' }, 'Seul le bon est imprimé, sur une page. Vous pouvez aussi le montrer sur votre téléphone.')) : null));
  },
};
