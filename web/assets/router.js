// Tiny hash router: "#/chemin?cle=valeur".
//
// A page is a plain object { path, title, render(container, params, context) }:
// - path: "/" or "/quelque-chose" (segments starting with ":" are captured into params);
// - title: page title, shown in the tab (« titre · Passerelle ») and in the navigation;
// - render: fills the container; may be async. params holds the query string of the hash
//   (plus the ":segments" of the path), as plain strings.
// Optional: navLabel (text of the nav link; defaults to title), inNav (false hides it from the nav).
//
// context gives: initial (true for the first page shown after loading the site),
// signal (AbortSignal aborted when the user navigates away),
// announce(text) (polite screen-reader message), setTitle(text) (refines document.title),
// and navigate(path, params) (same as the exported function).

const SITE_NAME = 'Passerelle';

/** Builds "#/path?a=1&b=2" from a path and a params object (empty values are left out). */
export function hrefFor(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

/** Parses location.hash into { path, params }, or null when the hash is not a route (e.g. "#contenu"). */
export function parseHash(hash = window.location.hash) {
  if (hash === '' || hash === '#') return { path: '/', params: {} };
  if (!hash.startsWith('#/')) return null;
  const raw = hash.slice(1);
  const q = raw.indexOf('?');
  const path = decodeURI(q === -1 ? raw : raw.slice(0, q)) || '/';
  const params = Object.fromEntries(new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)));
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, params };
}

function match(page, path) {
  const want = page.path.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params = {};
  for (let i = 0; i < want.length; i += 1) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

let state = null;

/** The page that shows this path ("/prestataire"), or null. */
export function pageFor(path) {
  if (!state) return null;
  return state.pages.find((candidate) => match(candidate, path)) ?? null;
}

/**
 * Goes to a route. Pushes a history entry; when the hash would not change (same search twice),
 * renders again so that a submit always does something.
 */
export function navigate(path, params = {}) {
  const href = hrefFor(path, params);
  if (href === window.location.hash) {
    render();
  } else {
    window.location.hash = href;
  }
}

async function render() {
  if (!state) return;
  // An in-page anchor such as the skip link is not a route: keep the current page
  // (or show the home page if nothing is shown yet).
  const route = parseHash() ?? (state.page ? null : { path: '/', params: {} });
  if (!route) return;
  const { pages, notFound, container, announcer, onNavigate } = state;
  let page = null;
  let pathParams = null;
  for (const candidate of pages) {
    pathParams = match(candidate, route.path);
    if (pathParams) { page = candidate; break; }
  }
  if (!page) { page = notFound; pathParams = {}; }

  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const previousPage = state.page;
  state.page = page;

  const setTitle = (text) => {
    if (!controller.signal.aborted) document.title = text ? `${text} · ${SITE_NAME}` : SITE_NAME;
  };
  setTitle(page.title);
  onNavigate?.(page);
  announcer.textContent = '';

  const context = {
    initial: !previousPage,
    signal: controller.signal,
    setTitle,
    navigate,
    announce(text) {
      if (controller.signal.aborted) return;
      // Clearing then setting on the next frame makes screen readers repeat identical messages.
      announcer.textContent = '';
      window.setTimeout(() => { if (!controller.signal.aborted) announcer.textContent = text; }, 50);
    },
  };

  container.replaceChildren();
  try {
    await page.render(container, { ...route.params, ...pathParams }, context);
  } catch (error) {
    if (controller.signal.aborted) return;
    console.error(error);
    container.replaceChildren();
    const h1 = document.createElement('h1');
    h1.textContent = 'Une erreur est survenue';
    const p = document.createElement('p');
    p.textContent = 'La page n’a pas pu s’afficher. Rechargez-la ou réessayez plus tard.';
    container.append(h1, p);
  }
  // Moving between pages: put the focus on the new page's heading, as a full page load would
  // put the reader at the top. Within the same page, the page decides (e.g. results heading).
  if (previousPage && previousPage !== page && !controller.signal.aborted) {
    const h1 = container.querySelector('h1');
    if (h1 && !container.contains(document.activeElement)) {
      h1.setAttribute('tabindex', '-1');
      h1.focus();
    }
  }
}

/** Starts the router; called once by app.js. */
export function startRouter({ pages, notFound, container, announcer, onNavigate }) {
  state = { pages, notFound, container, announcer, onNavigate, controller: null, page: null };
  window.addEventListener('hashchange', render);
  render();
}
