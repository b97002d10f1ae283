// Shell of the site: navigation, skip link, and the list of pages given to the router.
//
// To add a page: create assets/pages/ma-page.js exporting
//   export default { path: '/ma-page', title: 'Titre', render(container, params, context) { … } };
// then import it below and add it to `pages`. Its nav link appears on its own
// (set `inNav: false` to keep it out of the navigation, `navLabel` to change the link text).

import { startRouter, hrefFor } from './router.js';
import search from './pages/search.js';
import notFound from './pages/not-found.js';

/** Every page of the site, in navigation order. The first one whose path matches is shown. */
export const pages = [
  search,
];

function buildNavigation(list) {
  const links = new Map();
  for (const page of pages) {
    if (page.inNav === false) continue;
    const a = document.createElement('a');
    a.href = hrefFor(page.path);
    a.textContent = page.navLabel || page.title;
    a.className = 'navigation__lien';
    const li = document.createElement('li');
    li.append(a);
    list.append(li);
    links.set(page, a);
  }
  return (current) => {
    for (const [page, a] of links) {
      if (page === current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  };
}

function wireSkipLink() {
  // The skip link targets #contenu; with a hash router, following it would replace the route
  // in the address bar, so move the focus ourselves.
  const link = document.querySelector('.lien-evitement');
  const main = document.getElementById('contenu');
  link?.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  });
}

function start() {
  const markCurrent = buildNavigation(document.getElementById('navigation-liste'));
  wireSkipLink();
  startRouter({
    pages,
    notFound,
    container: document.getElementById('page'),
    announcer: document.getElementById('annonce'),
    onNavigate: markCurrent,
  });
}

start();
