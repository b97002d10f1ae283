// « Messages en échec » (role agent, back office): the redemption messages that failed to apply
// as many times as the queue allows, with why, how many attempts and since when; once the cause
// is fixed, the agent sends one or all of them back to the queue (applying twice changes
// nothing, so a message sent back by mistake does no harm).

import { getJson, postJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { formatDateTime, plural } from '../format.js';
import { requireRole, signInInvite } from '../access.js';

const TITLE = 'Messages en échec';
const P = 'echecs';

export default {
  path: '/back-office/messages-en-echec',
  title: TITLE,
  navLabel: 'Messages en échec',
  roles: ['agent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'agent', 'agents du programme')) return;
    const message = h('div', { class: 'echecs__message' });
    const list = h('div', { class: 'echecs__liste', 'aria-busy': 'false' });
    const refresh = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Actualiser');
    const all = h('button', { type: 'button', class: 'bouton', hidden: true }, 'Tout renvoyer');
    container.append(
      h('p', { class: 'introduction' }, 'Une déclaration de séance arrive ici quand son application a échoué à chaque tentative. Corrigez la cause indiquée, puis renvoyez le message dans la file : il est appliqué une seule fois, même renvoyé deux fois.'),
      h('p', { class: 'services__suite' }, refresh, all),
      message,
      list);

    function show(box) {
      message.replaceChildren(box);
      focusElement(box.querySelector('h2') || box);
    }

    function failure(error, fallback) {
      if (isSignInProblem(error)) return signInInvite({ reason: 'expired' });
      return problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: fallback }));
    }

    async function redrive(body, button) {
      if (button.getAttribute('aria-disabled') === 'true') return;
      button.setAttribute('aria-disabled', 'true');
      try {
        const result = await postJson('/api/back-office/dead-letters/redrive', body, { signal: context.signal });
        if (context.signal.aborted) return;
        show(h('div', { class: 'succes', role: 'status', tabindex: '-1' }, h('p', {},
          result.moved === 0 ? 'Aucun message à renvoyer.'
            : `${plural(result.moved, 'message renvoyé', 'messages renvoyés')} dans la file : ${result.moved > 1 ? 'ils seront appliqués' : 'il sera appliqué'} dans quelques secondes.`)));
      } catch (error) {
        if (error?.name === 'AbortError' || context.signal.aborted) return;
        show(failure(error, 'Le renvoi n’a pas abouti. Réessayez.'));
      } finally {
        button.removeAttribute('aria-disabled');
      }
      await load();
    }

    function row(letter) {
      const who = letter.redemptionId || 'Message illisible';
      const resend = h('button', { type: 'button', class: 'bouton bouton--secondaire', 'aria-label': `Renvoyer le message de ${letter.redemptionId ? `la déclaration ${letter.redemptionId}` : 'contenu illisible'}` }, 'Renvoyer');
      resend.addEventListener('click', () => redrive({ messageId: letter.messageId }, resend));
      return h('tr', {},
        h('th', { scope: 'row' }, h('span', { class: 'code-bon code-bon--petit' }, who),
          letter.voucherId ? h('p', { class: 'champ__aide' }, `bon ${letter.voucherId}`) : null),
        h('td', {}, letter.reason || 'Cause non notée : voir les journaux de la fonction ApplyRedemptions.'),
        h('td', {}, String(letter.receiveCount ?? '')),
        h('td', {}, letter.sentAt ? formatDateTime(letter.sentAt) : ''),
        h('td', {}, letter.failedAt ? formatDateTime(letter.failedAt) : ''),
        h('td', {}, resend));
    }

    async function load() {
      list.setAttribute('aria-busy', 'true');
      try {
        const { items } = await getJson('/api/back-office/dead-letters', { signal: context.signal });
        if (context.signal.aborted) return;
        all.hidden = items.length === 0;
        all.textContent = items.length > 1 ? `Tout renvoyer (${items.length})` : 'Tout renvoyer';
        if (!items.length) {
          list.replaceChildren(h('p', { class: 'echecs__vide' }, 'Aucun message en échec : toutes les déclarations ont pu s’appliquer.'));
          return;
        }
        list.replaceChildren(h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': `${P}-legende`, tabindex: '0' },
          h('table', { class: 'tableau' },
            h('caption', { id: `${P}-legende` }, `${plural(items.length, 'message en échec', 'messages en échec')}`),
            h('thead', {}, h('tr', {},
              h('th', { scope: 'col' }, 'Déclaration'), h('th', { scope: 'col' }, 'Motif du dernier échec'),
              h('th', { scope: 'col' }, 'Tentatives'), h('th', { scope: 'col' }, 'Envoyé le'),
              h('th', { scope: 'col' }, 'Dernier échec le'), h('th', { scope: 'col' }, 'Action'))),
            h('tbody', {}, items.map(row)))));
      } catch (error) {
        if (error?.name === 'AbortError' || context.signal.aborted) return;
        list.replaceChildren(failure(error, 'Les messages en échec n’ont pas pu s’afficher.'));
      } finally {
        list.setAttribute('aria-busy', 'false');
      }
    }

    refresh.addEventListener('click', () => {
      message.replaceChildren();
      load();
    });
    all.addEventListener('click', () => redrive({ all: true }, all));
    await load();
  },
};
