// Pages reserved to a role: who may see them, and what to show the others.

import { h } from './dom.js';
import { hrefFor } from './router.js';
import { currentSession, sessionEndReason, ROLE_LABELS } from './session.js';

/** The current route as "/chemin?cle=valeur", to come back to after signing in. */
export function currentRoute() {
  const hash = window.location.hash;
  return hash.startsWith('#/') ? hash.slice(1) : '/';
}

/** The sign-in page's link, coming back to `retour` (the current route by default). */
export function signInHref(retour = currentRoute()) {
  return hrefFor('/connexion', retour && !retour.startsWith('/connexion') ? { retour } : {});
}

/**
 * The box inviting to sign in. reason: 'expired' (token refused or past its expiry),
 * 'required' (nobody signed in), 'role' (signed in with another role).
 */
export function signInInvite({ reason, who, session, headingLevel = 2 }) {
  let title;
  let text;
  if (reason === 'expired') {
    title = 'Connexion expirée';
    text = 'Votre connexion a expiré ou n’est plus valable. Connectez-vous à nouveau pour continuer.';
  } else if (reason === 'role') {
    title = 'Page réservée';
    text = `Cette page est réservée aux ${who}. Vous êtes connecté(e) en tant que ${ROLE_LABELS[session?.role] || 'compte sans rôle'} : changez de compte pour y accéder.`;
  } else {
    title = 'Connexion requise';
    text = `Cette page est réservée aux ${who}. Connectez-vous pour y accéder.`;
  }
  return h('div', { class: 'avis avis--info connexion-requise', role: 'region', 'aria-labelledby': 'titre-connexion-requise' },
    h(`h${headingLevel}`, { id: 'titre-connexion-requise', class: 'avis__titre', tabindex: '-1' }, title),
    h('p', {}, text),
    h('p', {}, h('a', { href: signInHref(), class: 'bouton' }, reason === 'role' ? 'Changer de compte' : 'Se connecter')));
}

/**
 * Returns the session when its role is `role`; otherwise shows the invite in `container`
 * (after the page's own heading) and returns null.
 * @param {string} who  the people the page is for, in French ("prestataires")
 */
export function requireRole(container, role, who) {
  const session = currentSession();
  if (session && session.role === role) return session;
  let reason = 'required';
  if (session) reason = 'role';
  else if (sessionEndReason() === 'expired' || sessionEndReason() === 'invalid') reason = 'expired';
  container.append(signInInvite({ reason, who, session }));
  return null;
}
