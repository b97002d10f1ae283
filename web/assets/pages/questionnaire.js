// « Je me sépare » : a few questions, then the professionals who can help and why; the
// emergency numbers first when safety is at stake. Nothing is kept, unless a signed-in parent
// ticks the box (one year, erasable). Ends with « Le programme » : the rules in force.

import { getJson, postJson, putJson, deleteJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { hrefFor } from '../router.js';
import { telHref } from '../format.js';
import { currentSession } from '../session.js';
import { signInHref, signInInvite } from '../access.js';
import { formErrors } from '../form-errors.js';
import { programmeSection } from '../vouchers.js';

const TITLE = 'Je me sépare';
const HEADING = 'Je me sépare : par où commencer ?';
const P = 'qs'; // id prefix
const CONSENT_HINT = 'Sans cette case cochée, vos réponses ne sont pas gardées. Cochée, elles le sont un an, pour vous seul(e), puis effacées ; vous pouvez les effacer avant.';

/** The questions, in order: safety first. `key` is the API's field. */
const QUESTIONS = [
  {
    key: 'safety',
    legend: 'Vous sentez-vous en sécurité, vous et vos enfants ?',
    hint: 'La seule question obligatoire : si vous êtes en danger, nous vous donnons d’abord les numéros à appeler.',
    options: [
      ['safe', 'Oui'],
      ['worried', 'Je suis inquiet ou inquiète'],
      ['danger', 'Non, je me sens en danger'],
    ],
  },
  {
    key: 'stage',
    legend: 'Où en êtes-vous ?',
    options: [
      ['thinking', 'Je me pose la question'],
      ['deciding', 'La décision est prise, nous nous organisons'],
      ['recent', 'Nous venons de nous séparer'],
      ['settled', 'Nous sommes séparés depuis plus d’un an'],
    ],
  },
  {
    key: 'children',
    legend: 'Avez-vous des enfants ensemble ?',
    options: [
      ['none', 'Non'],
      ['young', 'Oui, de moins de 12 ans'],
      ['teens', 'Oui, de 12 ans ou plus'],
      ['both', 'Oui, des petits et des grands'],
    ],
  },
  {
    key: 'conflict',
    legend: 'Comment se passent les échanges avec l’autre parent ?',
    options: [
      ['calm', 'Plutôt calmement'],
      ['tense', 'C’est tendu'],
      ['high', 'Nous ne nous parlons plus, ou c’est très conflictuel'],
    ],
  },
  {
    key: 'housing',
    legend: 'Et le logement ?',
    options: [
      ['settled', 'C’est réglé'],
      ['to-decide', 'C’est à décider'],
      ['urgent', 'Je dois trouver où loger rapidement'],
    ],
  },
  {
    key: 'legal',
    legend: 'Avez-vous des questions de droit (garde, pension, partage) ?',
    options: [
      ['none', 'Non, pas pour l’instant'],
      ['questions', 'Oui, j’ai des questions'],
      ['proceedings', 'Une procédure est en cours ou va commencer'],
    ],
  },
  {
    key: 'money',
    legend: 'Et le budget ?',
    options: [
      ['ok', 'Ça va'],
      ['tight', 'C’est juste'],
      ['struggling', 'C’est très difficile'],
    ],
  },
  {
    key: 'country',
    legend: 'Vous habitez',
    options: [
      ['FR', 'en France'],
      ['BE', 'en Belgique'],
    ],
  },
];

function question(q, errors) {
  const id = `${P}-${q.key}`;
  const hintId = q.hint ? `${id}-aide` : null;
  const list = h('div', { class: 'choix-liste' }, q.options.map(([value, label]) => h('div', { class: 'choix' },
    h('input', { type: 'radio', name: q.key, id: `${id}-${value}`, value, class: 'choix__bouton' }),
    h('label', { for: `${id}-${value}`, class: 'choix__libelle' }, label))));
  const fieldset = h('fieldset', {
    class: `champ champ--groupe question${q.key === 'safety' ? ' question--securite' : ''}`,
    id,
    'aria-describedby': hintId,
  },
  h('legend', { class: 'champ__libelle question__titre' }, q.legend, q.key === 'safety' ? null : h('span', { class: 'question__facultatif' }, ' (facultatif)')),
  hintId ? h('p', { id: hintId, class: 'champ__aide' }, q.hint) : null,
  list);
  errors.register(q.key, {
    label: q.legend, wrapper: fieldset, focus: list.querySelector('input'), describe: fieldset, hints: hintId ? [hintId] : [], invalid: false, anchor: list,
  });
  return fieldset;
}

/** The emergency numbers, first and prominent (role=alert), with tel: links. */
function emergencyBox(contacts) {
  return h('div', { class: 'urgence', role: 'alert', 'aria-labelledby': 'titre-urgence' },
    h('h3', { id: 'titre-urgence', class: 'urgence__titre', tabindex: '-1' }, 'Votre sécurité d’abord'),
    h('p', {}, 'Vous nous dites ne pas vous sentir en sécurité. Ces numéros sont gratuits et répondent tout de suite :'),
    h('ul', { class: 'urgence__liste' }, contacts.map((c) => {
      // Emergency numbers are short (17, 112, 3919): telHref() wants at least three digits.
      const digits = String(c.number || '').replace(/[^\d+]/g, '');
      const tel = digits.replace(/\D/g, '').length >= 2 ? `tel:${digits}` : telHref(c.number);
      return h('li', { class: 'urgence__contact' },
        h('p', { class: 'urgence__nom' }, c.name, ' : ',
          tel ? h('a', { href: tel, class: 'urgence__numero' }, c.number) : h('span', { class: 'urgence__numero' }, c.number)),
        c.when ? h('p', { class: 'urgence__quand' }, c.when) : null);
    })),
    h('p', {}, 'Tant que votre sécurité est en jeu, la médiation familiale ne vous est pas proposée : les professionnels ci-dessous peuvent vous aider sans rencontrer l’autre parent.'));
}

function actions(service, country) {
  const session = currentSession();
  const searchHref = hrefFor('/', { service: service.service, pays: country });
  const route = `/bons?service=${encodeURIComponent(service.service)}`;
  const vouchersHref = session ? hrefFor('/bons', { service: service.service }) : signInHref(route);
  const what = h('span', { class: 'visuellement-cache' }, ` : ${service.label.toLowerCase()}`);
  return h('p', { class: 'conseil__actions' },
    h('a', { href: searchHref, class: 'bouton bouton--secondaire' }, 'Trouver un professionnel', what.cloneNode(true)),
    h('a', { href: vouchersHref, class: 'bouton' }, 'Demander des bons', what.cloneNode(true),
      session ? null : h('span', { class: 'visuellement-cache' }, ' (connexion requise)')));
}

function recommendationsBlock(recommendations, answers) {
  const services = Array.isArray(recommendations.services) ? recommendations.services : [];
  const block = h('section', { class: 'bloc', 'aria-labelledby': 'titre-recommandations' },
    h('h3', { id: 'titre-recommandations', class: 'bloc__titre' }, 'Les professionnels qui peuvent vous aider'));
  if (!services.length) {
    block.append(h('p', {}, 'Vos réponses ne font pas ressortir de besoin particulier pour le moment. Si la situation change, revenez répondre à nouveau ; vous pouvez aussi chercher les services publics de la famille près de chez vous.'),
      h('p', {}, h('a', { href: hrefFor('/') }, 'Trouver de l’aide près de chez moi')));
    return block;
  }
  block.append(
    h('p', {}, 'Avec les bons du programme, les séances chez un professionnel agréé sont prises en charge ; vous ne payez au plus que votre participation.'),
    h('ol', { class: 'conseils' }, services.map((s) => h('li', { class: 'conseil' },
      h('h4', { class: 'conseil__titre' }, s.label),
      Array.isArray(s.reasons) && s.reasons.length ? h('ul', { class: 'conseil__raisons' }, s.reasons.map((r) => h('li', {}, r))) : null,
      actions(s, answers.country || 'FR')))));
  if (!currentSession()) {
    block.append(h('p', { class: 'champ__aide' }, 'Demander des bons demande de vous connecter avec un compte parent ; vous arrivez ensuite sur la demande.'));
  }
  return block;
}

export default {
  path: '/je-me-separe',
  title: TITLE,
  navLabel: 'Je me sépare',

  async render(container, params, context) {
    const session = currentSession();
    const isParent = session?.role === 'parent';
    const summaryArea = h('div', { class: 'formulaire__resume' });
    const errors = formErrors({ summaryArea, context, pageTitle: TITLE, idPrefix: P });
    const keptArea = h('div', {});
    const results = h('div', { id: 'conseils', class: 'conseils-resultats' });
    const programme = h('div', {});

    const fieldsets = QUESTIONS.map((q) => question(q, errors));
    const consent = h('input', { type: 'checkbox', id: `${P}-garder`, name: 'garder', class: 'choix__bouton', 'aria-describedby': `${P}-garder-aide` });
    const consentHint = h('p', { id: `${P}-garder-aide`, class: 'choix__aide' }, CONSENT_HINT);
    const privacy = isParent
      ? h('div', { class: 'champ champ--case' }, h('div', { class: 'choix choix--aide' }, consent,
        h('label', { for: consent.id, class: 'choix__libelle' }, 'Garder mes réponses un an (vous pourrez les effacer)'), consentHint))
      : h('p', { class: 'confidentialite' }, h('strong', {}, 'Rien n’est gardé : '),
        'vos réponses servent seulement à afficher les conseils, puis sont oubliées. ',
        session ? null : 'Connecté(e) avec un compte parent, vous pourrez choisir de les garder un an.');
    const submit = h('button', { type: 'submit', class: 'bouton' }, 'Voir les conseils');
    const form = h('form', { class: 'formulaire formulaire--long questionnaire', novalidate: true, 'aria-labelledby': 'titre-questions' },
      summaryArea,
      h('h2', { id: 'titre-questions' }, 'Quelques questions'),
      h('p', {}, 'Seule la première question est obligatoire. Répondez à ce qui vous parle ; chaque réponse affine les conseils.'),
      fieldsets,
      privacy,
      h('div', { class: 'formulaire__actions' }, submit,
        h('button', {
          type: 'reset',
          class: 'bouton bouton--secondaire',
          onclick() {
            errors.clear();
            results.replaceChildren();
            context.announce('Les réponses du formulaire sont effacées.');
          },
        }, 'Tout décocher')));

    container.append(
      h('h1', {}, HEADING),
      h('p', { class: 'introduction' }, 'Une séparation soulève beaucoup de questions. En deux minutes, dites-nous où vous en êtes : nous vous indiquons les professionnels qui peuvent vous aider (psychologue, médiation familiale, avocat, assistant de service social), pourquoi, et comment obtenir des séances prises en charge.'),
      h('div', { class: 'avis urgence-permanente', role: 'note' },
        h('p', {}, h('strong', {}, 'En danger maintenant ? '), 'Appelez le ', h('a', { href: 'tel:112' }, '112'),
          ' (urgences, gratuit en France et en Belgique) ou, en France, le ', h('a', { href: 'tel:17' }, '17'), ' (police).')),
      keptArea,
      form,
      results,
      programme);

    let kept = false;
    const setAnswers = (answers) => {
      for (const q of QUESTIONS) {
        for (const input of form.querySelectorAll(`input[name="${q.key}"]`)) input.checked = input.value === answers?.[q.key];
      }
    };
    const readAnswers = () => {
      const answers = {};
      for (const q of QUESTIONS) {
        const checked = form.querySelector(`input[name="${q.key}"]:checked`);
        if (checked) answers[q.key] = checked.value;
      }
      return answers;
    };

    const showKept = () => {
      if (!kept) {
        keptArea.replaceChildren();
        return;
      }
      const erase = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Effacer mes réponses gardées');
      const box = h('div', { class: 'avis avis--info', role: 'region', 'aria-labelledby': 'titre-gardees' },
        h('h2', { id: 'titre-gardees', class: 'avis__titre' }, 'Vos réponses gardées'),
        h('p', {}, 'Vous avez demandé à garder vos réponses : elles sont préremplies ci-dessous. Elles sont effacées un an après, ou dès maintenant si vous le souhaitez.'),
        h('p', {}, erase));
      erase.addEventListener('click', async () => {
        if (erase.getAttribute('aria-disabled') === 'true') return;
        erase.setAttribute('aria-disabled', 'true');
        try {
          await deleteJson('/api/me/questionnaire', { signal: context.signal });
          if (context.signal.aborted) return;
          kept = false;
          form.reset();
          consentHint.textContent = CONSENT_HINT;
          results.replaceChildren();
          const done = h('div', { class: 'succes', role: 'status', tabindex: '-1' }, h('p', {}, 'Vos réponses gardées sont effacées. Rien n’est plus gardé.'));
          keptArea.replaceChildren(done);
          focusElement(done);
        } catch (error) {
          if (error?.name === 'AbortError' || context.signal.aborted) return;
          erase.removeAttribute('aria-disabled');
          box.querySelector('.probleme')?.remove();
          const problem = isSignInProblem(error) ? null : (error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'Vos réponses n’ont pas été effacées. Réessayez.' }));
          const shown = problem ? problemBox(problem, { headingLevel: 3 }) : signInInvite({ reason: 'expired', headingLevel: 3 });
          box.append(shown);
          focusElement(shown.querySelector('h3'));
        }
      });
      keptArea.replaceChildren(box);
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (submit.getAttribute('aria-disabled') === 'true') return;
      const answers = readAnswers();
      if (!answers.safety) {
        errors.show('Il y a un problème', 'Une réponse manque.', [{ key: 'safety', detail: 'Dites-nous si vous vous sentez en sécurité : c’est la seule question obligatoire.' }]);
        return;
      }
      errors.clear();
      submit.setAttribute('aria-disabled', 'true');
      context.announce('Recherche des conseils…');
      const keep = isParent && consent.checked;
      let recommendations;
      let keptNote = null;
      try {
        if (keep) {
          recommendations = await putJson('/api/me/questionnaire', { answers, keep: true }, { signal: context.signal });
          keptNote = 'Vos réponses sont gardées un an. Vous pouvez les effacer à tout moment, en haut de cette page.';
          kept = true;
        } else {
          if (isParent && kept) {
            // The parent unticked the box: what was kept goes.
            await deleteJson('/api/me/questionnaire', { signal: context.signal });
            kept = false;
            keptNote = 'Comme vous avez décoché la case, vos réponses gardées ont été effacées : rien n’est gardé.';
          }
          recommendations = await postJson('/api/questionnaire', answers, { signal: context.signal });
        }
      } catch (error) {
        if (error?.name === 'AbortError' || context.signal.aborted) return;
        if (isSignInProblem(error)) {
          summaryArea.replaceChildren(signInInvite({ reason: 'expired' }));
          focusElement(summaryArea.querySelector('h2'));
          return;
        }
        const problem = error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'Les conseils n’ont pas pu s’afficher. Réessayez plus tard.' });
        const known = new Set(QUESTIONS.map((q) => q.key));
        const fieldErrors = problem.fieldErrors.map((e) => {
          const key = e.pointer.replace(/^#\//, '').replace(/^answers\//, '').split('/')[0];
          return { key: known.has(key) ? key : null, detail: e.detail };
        });
        if (fieldErrors.length) errors.show(problem.title, errors.countText(fieldErrors), fieldErrors);
        else errors.showProblem(problem);
        return;
      } finally {
        submit.removeAttribute('aria-disabled');
      }
      if (context.signal.aborted) return;
      showKept();

      const heading = h('h2', { id: 'titre-conseils', class: 'resultats__titre', tabindex: '-1' }, 'Nos conseils');
      const contacts = Array.isArray(recommendations.emergencyContacts) ? recommendations.emergencyContacts : [];
      const safetyFirst = recommendations.safetyFirst === true;
      const emergency = safetyFirst && contacts.length ? emergencyBox(contacts) : null;
      results.replaceChildren(...[
        heading,
        emergency,
        keptNote ? h('div', { class: 'succes', role: 'status' }, h('p', {}, keptNote)) : null,
        recommendationsBlock(recommendations, answers),
      ].filter(Boolean));
      const count = (recommendations.services || []).length;
      context.setTitle(`${TITLE} : nos conseils`);
      context.announce(emergency ? 'Votre sécurité d’abord : les numéros d’urgence sont affichés en premier.'
        : `${count} ${count > 1 ? 'professionnels conseillés' : 'professionnel conseillé'}.`);
      focusElement(emergency ? emergency.querySelector('h3') : heading);
    });

    const [keptResult, rulesResult] = await Promise.allSettled([
      isParent ? getJson('/api/me/questionnaire', { signal: context.signal }) : Promise.resolve(null),
      getJson('/api/programme/rules', { signal: context.signal }),
    ]);
    if (context.signal.aborted) return;
    if (keptResult.status === 'fulfilled' && keptResult.value) {
      kept = true;
      setAnswers(keptResult.value);
      consent.checked = true;
      consentHint.textContent = 'Vos réponses sont gardées : laissez la case cochée pour garder vos nouvelles réponses (encore un an), décochez-la pour tout effacer en envoyant.';
      showKept();
    } else if (keptResult.status === 'rejected' && isSignInProblem(keptResult.reason)) {
      keptArea.replaceChildren(signInInvite({ reason: 'expired' }));
    }
    if (rulesResult.status === 'fulfilled') {
      programme.replaceChildren(programmeSection(rulesResult.value, { id: 'titre-programme', headingLevel: 2 }));
    } else if (rulesResult.reason?.name !== 'AbortError') {
      programme.replaceChildren(h('section', { class: 'bloc', 'aria-labelledby': 'titre-programme' },
        h('h2', { id: 'titre-programme', class: 'bloc__titre' }, 'Le programme Passerelle : les bons'),
        problemBox(rulesResult.reason instanceof ApiProblem ? rulesResult.reason
          : new ApiProblem({ title: 'Règles indisponibles', detail: 'Les règles du programme n’ont pas pu s’afficher.' }), { headingLevel: 3 })));
    }
  },
};
