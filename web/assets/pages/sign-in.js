// « Se connecter » : the local demo sign-in (role, name, department), or, when the site runs
// in AWS (no /local-auth), where to sign in with the identity provider.

import { getJson, postJson, ApiProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { navigate, parseHash, pageFor } from '../router.js';
import { currentSession, startSession, describeSession, sessionEndReason, ROLE_HOMES } from '../session.js';
import { webHref } from '../format.js';

const TITLE = 'Se connecter';

const ROLE_CHOICES = {
  parent: { label: 'Parent', hint: 'recevoir des bons pour des séances, garder ses réponses au questionnaire' },
  provider: { label: 'Prestataire', hint: 'psychologue, médiateur ou médiatrice familiale, avocat ou avocate, assistant ou assistante de service social' },
  agent: { label: 'Agent du programme', hint: 'examiner les dossiers des prestataires, fixer les règles du programme' },
  coordinator: { label: 'Coordination départementale', hint: 'suivre le programme dans un département' },
};

/** A safe route to come back to ("/chemin?x=1"), or null. */
function safeReturn(value) {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return null;
  const route = parseHash(`#${value}`);
  if (!route || route.path === '/connexion') return null;
  return route;
}

/** Where to go once signed in: back where the user was if their role may see it, else the role's home. */
function destination(retour, role) {
  const route = safeReturn(retour);
  if (route) {
    const page = pageFor(route.path);
    if (page && (!Array.isArray(page.roles) || page.roles.includes(role))) return route;
  }
  return { path: ROLE_HOMES[role] || '/', params: {} };
}

function guessRole(retour, roles) {
  const path = safeReturn(retour)?.path || '';
  const wanted = path.startsWith('/prestataire/') || path === '/prestataire' ? 'provider'
    : path.startsWith('/back-office') ? 'agent' : 'parent';
  return roles.includes(wanted) ? wanted : roles[0];
}

function fieldError(id, message) {
  return h('p', { id, class: 'champ__erreur' }, h('span', { class: 'visuellement-cache' }, 'Erreur : '), message);
}

function localForm(accounts, params, context) {
  const roles = (Array.isArray(accounts.roles) ? accounts.roles : Object.keys(ROLE_CHOICES)).filter((r) => Object.hasOwn(ROLE_CHOICES, r));
  const defaults = new Map((accounts.accounts || []).map((a) => [a.role, a]));
  let role = Object.hasOwn(ROLE_CHOICES, params.role) && roles.includes(params.role) ? params.role : guessRole(params.retour, roles);
  const defaultName = (r) => defaults.get(r)?.name || '';

  const name = h('input', {
    id: 'connexion-nom', name: 'nom', type: 'text', class: 'champ__saisie', autocomplete: 'off', spellcheck: 'false',
    maxlength: '60', value: defaultName(role), 'aria-describedby': 'connexion-nom-aide',
  });
  const department = h('input', {
    id: 'connexion-departement', name: 'departement', type: 'text', class: 'champ__saisie champ__saisie--court',
    autocomplete: 'off', spellcheck: 'false', maxlength: '3', value: defaults.get('coordinator')?.department || '',
    'aria-describedby': 'connexion-departement-aide',
  });
  const nameField = h('div', { class: 'champ' },
    h('label', { for: 'connexion-nom', class: 'champ__libelle' }, 'Nom du compte'),
    h('p', { id: 'connexion-nom-aide', class: 'champ__aide' }, 'Le même nom avec le même rôle redonne toujours le même compte (60 caractères au plus).'),
    name);
  const departmentField = h('div', { class: 'champ', hidden: role !== 'coordinator' },
    h('label', { for: 'connexion-departement', class: 'champ__libelle' }, 'Département'),
    h('p', { id: 'connexion-departement-aide', class: 'champ__aide' }, 'Le code du département suivi, par exemple 75, 2A ou 974.'),
    department);

  const radios = roles.map((r) => h('div', { class: 'choix choix--aide' },
    h('input', { type: 'radio', name: 'role', id: `connexion-role-${r}`, value: r, checked: r === role, class: 'choix__bouton', 'aria-describedby': `connexion-role-${r}-aide` }),
    h('label', { for: `connexion-role-${r}`, class: 'choix__libelle' }, ROLE_CHOICES[r].label),
    h('p', { id: `connexion-role-${r}-aide`, class: 'choix__aide' }, ROLE_CHOICES[r].hint)));

  const problemArea = h('div', {});
  const form = h('form', { class: 'formulaire', novalidate: true, 'aria-labelledby': 'titre-connexion-locale' },
    h('fieldset', { class: 'champ champ--groupe' },
      h('legend', { class: 'champ__libelle' }, 'Vous êtes'),
      h('div', { class: 'choix-liste' }, radios)),
    nameField,
    departmentField,
    h('div', { class: 'formulaire__actions' }, h('button', { type: 'submit', class: 'bouton' }, 'Se connecter')));

  form.addEventListener('change', (event) => {
    if (event.target.name !== 'role') return;
    const previous = role;
    role = event.target.value;
    // Keep a name the user typed; replace the suggested one.
    if (name.value.trim() === '' || name.value === defaultName(previous)) name.value = defaultName(role);
    departmentField.hidden = role !== 'coordinator';
  });

  const clearErrors = () => {
    for (const field of [nameField, departmentField]) {
      field.classList.remove('champ--erreur');
      field.querySelector('.champ__erreur')?.remove();
      const input = field.querySelector('input');
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', `${input.id}-aide`);
    }
    problemArea.replaceChildren();
  };
  const showError = (field, message) => {
    const input = field.querySelector('input');
    field.classList.add('champ--erreur');
    input.before(fieldError(`${input.id}-erreur`, message));
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.id}-aide ${input.id}-erreur`);
  };

  const button = form.querySelector('button[type="submit"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.getAttribute('aria-disabled') === 'true') return;
    clearErrors();
    const body = { role, name: name.value.trim() };
    const invalid = [];
    if (!body.name) {
      showError(nameField, 'Saisissez un nom de compte, par exemple Claire Martin.');
      invalid.push(name);
    }
    if (role === 'coordinator') {
      body.department = department.value.trim().toUpperCase();
      if (!/^(\d{2,3}|2A|2B)$/.test(body.department)) {
        showError(departmentField, 'Saisissez le code d’un département : deux chiffres (75), 2A, 2B, ou trois chiffres outre-mer (974).');
        invalid.push(department);
      }
    }
    if (invalid.length) {
      invalid[0].focus();
      return;
    }
    button.setAttribute('aria-disabled', 'true');
    try {
      const answer = await postJson('/local-auth/token', body, { signal: context.signal });
      if (context.signal.aborted) return;
      if (!answer || typeof answer.idToken !== 'string') throw new ApiProblem({ title: 'Connexion impossible', detail: 'Le service de connexion a envoyé une réponse illisible.' });
      startSession(answer.idToken);
      const session = currentSession();
      const next = destination(params.retour, session?.role || role);
      navigate(next.path, next.params);
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      const problem = error instanceof ApiProblem ? error : new ApiProblem({ title: 'Connexion impossible', detail: 'Réessayez plus tard.' });
      const box = problemBox(problem, { id: 'connexion-probleme' });
      problemArea.replaceChildren(box);
      if (/département/i.test(problem.detail) && role === 'coordinator') showError(departmentField, problem.detail);
      else if (/nom/i.test(problem.detail)) showError(nameField, problem.detail);
      focusElement(box.querySelector('h2'));
    } finally {
      button.removeAttribute('aria-disabled');
    }
  });

  return h('section', { class: 'bloc', 'aria-labelledby': 'titre-connexion-locale' },
    h('h2', { id: 'titre-connexion-locale' }, 'Connexion de démonstration'),
    h('div', { class: 'avis avis--info', role: 'note' },
      h('p', {}, h('strong', {}, 'Environnement local : '),
        'les comptes sont fictifs et il n’y a pas de mot de passe. Choisissez un rôle et un nom. En production, la connexion passe par le service d’identité du programme.')),
    problemArea,
    form);
}

async function identityProviderSection(context) {
  const section = h('section', { class: 'bloc', 'aria-labelledby': 'titre-connexion-idp' },
    h('h2', { id: 'titre-connexion-idp' }, 'Connexion par le service d’identité'),
    h('p', {}, 'Sur ce site, la connexion passe par le service d’identité du programme Passerelle (Amazon Cognito) : vous y saisissez votre adresse électronique et votre mot de passe, puis vous revenez ici.'));
  let url = null;
  try {
    const config = await getJson('/config.json', { signal: context.signal });
    url = config && typeof config.signInUrl === 'string' ? webHref(config.signInUrl) : null;
    if (url && !url.startsWith('https:') && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(url)) url = null;
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    url = null;
  }
  if (url) {
    section.append(h('p', {}, h('a', { href: url, class: 'bouton', id: 'lien-service-identite' }, 'Se connecter avec le service d’identité')));
  } else {
    section.append(h('div', { class: 'avis', role: 'note' },
      h('p', {}, h('strong', {}, 'La connexion n’est pas disponible sur ce site pour le moment.')),
      h('p', {}, 'L’adresse du service d’identité n’y est pas configurée. Réessayez plus tard ; si le problème dure, signalez-le à l’équipe Passerelle. La recherche d’aide près de chez vous reste ouverte à tous, sans connexion.')));
  }
  return section;
}

export default {
  path: '/connexion',
  title: TITLE,
  inNav: false,

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (params.deconnexion === '1' && !currentSession()) {
      container.append(h('div', { class: 'succes', role: 'status' }, h('p', {}, 'Vous êtes déconnecté(e).')));
      context.announce('Vous êtes déconnecté(e).');
    } else if (!currentSession() && ['expired', 'invalid'].includes(sessionEndReason())) {
      container.append(h('div', { class: 'avis', role: 'note' }, h('p', {}, 'Votre connexion a expiré : connectez-vous à nouveau.')));
    }
    const session = currentSession();
    if (session) {
      container.append(h('p', { class: 'introduction' },
        `Vous êtes connecté(e) : ${describeSession(session)}. Pour changer de compte, connectez-vous ci-dessous ou utilisez « Se déconnecter » en haut de la page.`));
    } else {
      container.append(h('p', { class: 'introduction' },
        'Les parents se connectent pour recevoir leurs bons, les prestataires pour suivre leur dossier et vérifier les bons, les agents pour examiner les dossiers. Chercher de l’aide près de chez soi et répondre au questionnaire « Je me sépare » ne demandent pas de compte.'));
    }

    let accounts = null;
    try {
      accounts = await getJson('/local-auth/accounts', { signal: context.signal });
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      if (error instanceof ApiProblem && error.is('network')) {
        container.append(problemBox(error));
        return;
      }
      accounts = null; // 404 (or a page instead of JSON): no local sign-in, this is AWS.
    }
    if (context.signal.aborted) return;
    if (accounts && accounts.local === true) {
      container.append(localForm(accounts, params, context));
    } else {
      const section = await identityProviderSection(context);
      if (!context.signal.aborted) container.append(section);
    }
  },
};
