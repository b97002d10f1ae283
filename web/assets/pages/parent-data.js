// « Mes données » (role parent): download everything Passerelle keeps about you (JSON), and
// erase your account. After an erasure, unused vouchers are cancelled; sessions already held
// stay in the payment records of the professionals, without your identity.

import { requestJson, deleteJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, problemBox, focusElement } from '../dom.js';
import { requireRole, signInInvite } from '../access.js';
import { endSession } from '../session.js';

const TITLE = 'Mes données';

export default {
  path: '/mes-donnees',
  title: TITLE,
  roles: ['parent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'parent', 'parents')) return;
    const status = h('p', { role: 'status', class: 'statut-telechargement' });
    const download = h('button', { type: 'button', class: 'bouton' }, 'Télécharger mes données');
    download.addEventListener('click', async () => {
      status.textContent = 'Préparation du fichier…';
      try {
        const data = await requestJson('GET', '/api/me/data', { signal: context.signal });
        const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
        const a = h('a', { href: URL.createObjectURL(blob), download: 'mes-donnees-passerelle.json', hidden: true });
        document.body.append(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        status.textContent = `Fichier téléchargé : ${data.vouchers.length} bon(s).`;
      } catch (error) {
        if (isSignInProblem(error)) container.replaceChildren(h('h1', {}, TITLE), signInInvite({ reason: 'expired' }));
        else status.textContent = error instanceof ApiProblem ? error.detail || error.title : 'Le fichier n’a pas pu être préparé.';
      }
    });

    const confirm = h('input', { type: 'checkbox', id: 'effacement-confirmation', name: 'confirmation' });
    const erase = h('button', { type: 'submit', class: 'bouton bouton--danger' }, 'Effacer mon compte');
    const outcome = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'formulaire', 'aria-labelledby': 'titre-effacement' },
      h('h2', { id: 'titre-effacement' }, 'Effacer mon compte'),
      h('p', {}, 'Vos bons non utilisés seront annulés, vos réponses au questionnaire et vos quotas supprimés. '
        + 'Les séances déjà tenues restent dans les comptes des professionnels, sans votre identité, le temps prévu par la loi.'),
      h('div', { class: 'champ champ--case' }, confirm,
        h('label', { for: 'effacement-confirmation' }, 'Je comprends que cet effacement est définitif.')),
      erase, outcome);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!confirm.checked) {
        outcome.replaceChildren(h('p', { class: 'erreur', id: 'effacement-erreur' }, 'Cochez la case pour confirmer l’effacement.'));
        confirm.setAttribute('aria-describedby', 'effacement-erreur');
        confirm.focus();
        return;
      }
      erase.disabled = true;
      try {
        const done = await deleteJson('/api/me', { signal: context.signal });
        const box = h('div', { class: 'succes', tabindex: '-1' },
          h('h2', {}, 'Compte effacé'),
          h('p', {}, `${done.vouchers} bon(s) traité(s). Vous allez être déconnecté.`));
        outcome.replaceChildren(box);
        focusElement(box);
        setTimeout(() => endSession('signed-out'), 1500);
      } catch (error) {
        erase.disabled = false;
        if (isSignInProblem(error)) outcome.replaceChildren(signInInvite({ reason: 'expired' }));
        else outcome.replaceChildren(problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Erreur' })));
      }
    });

    container.append(
      h('section', { 'aria-labelledby': 'titre-telechargement' },
        h('h2', { id: 'titre-telechargement' }, 'Télécharger mes données'),
        h('p', {}, 'Un fichier JSON avec vos bons, les séances utilisées par service, vos réponses gardées au questionnaire et les durées de conservation.'),
        download, status),
      form);
  },
};
