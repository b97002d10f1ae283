// « Signaux » (role agent): providers whose month deserves a look, with the facts behind each
// signal (volume against peers, sessions on one day, on a declared closed day, on the voucher's
// last day, a jump right after approval). A signal never blocks a payment: it is a reason to ask.

import { getJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, problemBox } from '../dom.js';
import { hrefFor } from '../router.js';
import { requireRole, signInInvite } from '../access.js';
import { serviceByCode } from '../vouchers.js';

const TITLE = 'Signaux d’anomalie';
const KINDS = {
  'volume-above-peers': 'Volume très supérieur aux confrères',
  'same-day-cluster': 'Nombreuses séances le même jour',
  'closed-day': 'Séances un jour de fermeture déclaré',
  'last-day-of-validity': 'Bons utilisés le dernier jour de validité',
  'jump-after-approval': 'Activité soudaine après l’agrément',
};

function card(signal, index) {
  const headingId = `signal-${index}`;
  return h('article', { class: 'signal', 'aria-labelledby': headingId },
    h('h3', { id: headingId, class: 'signal__titre' }, KINDS[signal.kind] || signal.kind),
    h('p', { class: 'signal__qui' },
      h('a', { href: hrefFor(`/back-office/prestataires/${encodeURIComponent(signal.providerId)}`) }, signal.providerName || signal.providerId),
      ` · ${serviceByCode(signal.service)?.heading || signal.service} · département ${signal.department}`),
    h('p', { class: 'signal__resume' }, signal.summary),
    h('h4', { class: 'signal__sous-titre' }, 'Éléments'),
    h('ul', { class: 'signal__preuves' }, signal.evidence.map((e) => h('li', {}, e))));
}

export default {
  path: '/back-office/signaux',
  title: TITLE,
  navLabel: 'Signaux',
  roles: ['agent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'agent', 'agents du programme')) return;
    const form = h('form', { class: 'formulaire formulaire--ligne', 'aria-label': 'Mois examiné' },
      h('div', { class: 'champ' },
        h('label', { for: 'signaux-mois', class: 'champ__libelle' }, 'Mois'),
        h('input', { id: 'signaux-mois', name: 'mois', type: 'month', class: 'champ__saisie champ__saisie--court', value: params.mois || '' })),
      h('button', { type: 'submit', class: 'bouton' }, 'Afficher'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      context.navigate('/back-office/signaux', { mois: form.querySelector('#signaux-mois').value });
    });
    const results = h('div', { 'aria-busy': 'true' }, h('p', { class: 'chargement' }, 'Chargement des signaux…'));
    container.append(h('p', { class: 'note' }, 'Un signal invite à vérifier auprès du professionnel ; il ne bloque aucun paiement.'), form, results);
    let list;
    try {
      list = await getJson('/api/back-office/signals', { query: { month: params.mois }, signal: context.signal });
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      results.removeAttribute('aria-busy');
      if (isSignInProblem(error)) results.replaceChildren(signInInvite({ reason: 'expired' }));
      else results.replaceChildren(problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Erreur' })));
      return;
    }
    results.removeAttribute('aria-busy');
    const count = list.signals.length;
    results.replaceChildren(
      h('h2', {}, count === 0 ? 'Aucun signal ce mois-ci' : `${count} signal${count > 1 ? 'aux' : ''}`),
      ...list.signals.map(card));
    context.announce(count === 0 ? 'Aucun signal.' : `${count} signal${count > 1 ? 'aux' : ''} affiché${count > 1 ? 's' : ''}.`);
  },
};
