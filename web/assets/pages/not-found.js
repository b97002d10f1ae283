// Shown for any hash route that no page claims.
import { h } from '../dom.js';
import { hrefFor } from '../router.js';

export default {
  path: '/404',
  title: 'Page introuvable',
  inNav: false,
  render(container) {
    container.append(
      h('h1', {}, 'Page introuvable'),
      h('p', {}, 'Cette adresse ne correspond à aucune page de Passerelle.'),
      h('p', {}, h('a', { href: hrefFor('/') }, 'Trouver de l’aide près de chez moi')),
    );
  },
};
