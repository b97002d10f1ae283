// Shell of the site: navigation, account area, skip link, and the list of pages given to the router.
//
// To add a page: create assets/pages/ma-page.js exporting
//   export default { path: '/ma-page', title: 'Titre', render(container, params, context) { … } };
// then import it below and add it to `pages`. Its nav link appears on its own
// (set `inNav: false` to keep it out of the navigation, `navLabel` to change the link text,
// `roles: ['agent']` to show the link only to accounts with that role).

import { startRouter, hrefFor, navigate } from './router.js';
import { h } from './dom.js';
import { currentSession, endSession, onSessionChange, ROLE_LABELS } from './session.js';
import { currentRoute, signInHref } from './access.js';
import search from './pages/search.js';
import questionnaire from './pages/questionnaire.js';
import vouchers from './pages/vouchers.js';
import voucherPrint from './pages/voucher-print.js';
import providerVerify from './pages/provider-verify.js';
import providerRedeem from './pages/provider-redeem.js';
import agentDeadLetters from './pages/agent-dead-letters.js';
import agentRules from './pages/agent-rules.js';
import providerHome from './pages/provider-home.js';
import providerApplication from './pages/provider-application.js';
import agentQueue from './pages/agent-queue.js';
import agentRecord from './pages/agent-record.js';
import providerProfile from './pages/provider-profile.js';
import agentRuns from './pages/agent-runs.js';
import providerStatements from './pages/provider-statements.js';
import signIn from './pages/sign-in.js';
import coordinatorDashboard from './pages/coordinator-dashboard.js';
import agentSignals from './pages/agent-signals.js';
import parentData from './pages/parent-data.js';
import notFound from './pages/not-found.js';

/** Every page of the site, in navigation order. The first one whose path matches is shown. */
export const pages = [
  search,
  questionnaire,
  vouchers,
  voucherPrint,
  providerHome,
  providerVerify,
  providerRedeem,
  providerApplication,
  agentQueue,
  agentRules,
  agentDeadLetters,
  agentRecord,
  providerProfile,
  coordinatorDashboard,
  agentSignals,
  parentData,
  agentRuns,
  providerStatements,
  signIn,
];

let currentPage = null;

/**
 * The navigation for the signed-in role. Rebuilt only when the role changes (so that a focused
 * link is not replaced); otherwise only aria-current moves.
 */
function navigationRenderer(list) {
  let builtFor;
  let links = new Map();
  return () => {
    const role = currentSession()?.role ?? null;
    if (role !== builtFor) {
      builtFor = role;
      links = new Map();
      const items = [];
      for (const page of pages) {
        if (page.inNav === false) continue;
        if (Array.isArray(page.roles) && !page.roles.includes(role)) continue;
        const a = h('a', { href: hrefFor(page.path), class: 'navigation__lien' }, page.navLabel || page.title);
        links.set(page, a);
        items.push(h('li', {}, a));
      }
      list.replaceChildren(...items);
    }
    for (const [page, a] of links) {
      if (page === currentPage) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  };
}

/** « Claire Martin · prestataire [Se déconnecter] », or « Se connecter ». */
function renderAccount(area) {
  const session = currentSession();
  if (!session) {
    const onSignInPage = currentPage?.path === '/connexion';
    area.replaceChildren(onSignInPage ? '' : h('a', { href: signInHref(currentRoute()), class: 'entete__lien-compte' }, 'Se connecter'));
    return;
  }
  area.replaceChildren(
    h('p', { class: 'entete__qui' },
      h('span', { class: 'visuellement-cache' }, 'Connecté(e) : '),
      h('span', { class: 'entete__nom-compte' }, session.name),
      h('span', { class: 'entete__role' }, ` · ${ROLE_LABELS[session.role] || 'rôle inconnu'}`)),
    h('button', {
      type: 'button',
      class: 'entete__bouton',
      onclick() {
        endSession('signed-out');
        navigate('/connexion', { deconnexion: '1' });
      },
    }, 'Se déconnecter'));
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
  const list = document.getElementById('navigation-liste');
  const account = document.getElementById('compte');
  const renderNavigation = navigationRenderer(list);
  const refreshShell = () => {
    renderNavigation();
    renderAccount(account);
  };
  onSessionChange(refreshShell);
  wireSkipLink();
  startRouter({
    pages,
    notFound,
    container: document.getElementById('page'),
    announcer: document.getElementById('annonce'),
    onNavigate(page) {
      currentPage = page;
      refreshShell();
    },
  });
}

start();
