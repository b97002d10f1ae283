// A provider's record for an agent: every field (IBAN in full), the audit trail, and the
// decisions its status allows, sent with the record's version (409 when it changed meanwhile).

import { getJson, postJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { hrefFor } from '../router.js';
import { formatDateTime, formatIban } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { currentSession, ROLE_LABELS } from '../session.js';
import { STATUSES, statusBadge, recordDetails, serviceByCode } from '../providers.js';

const TITLE = 'Dossier prestataire';

const DECISIONS = {
  approve: {
    from: 'submitted', label: 'Agréer', reason: false,
    done: 'Décision enregistrée : le prestataire est agréé. Il apparaîtra dans l’annuaire d’ici quelques secondes.',
  },
  reject: {
    from: 'submitted', label: 'Refuser…', reason: true, reasonLabel: 'Motif du refus', confirm: 'Confirmer le refus',
    done: 'Décision enregistrée : la candidature est refusée. Le prestataire voit le motif et peut la corriger.',
  },
  suspend: {
    from: 'approved', label: 'Suspendre…', reason: true, reasonLabel: 'Motif de la suspension', confirm: 'Confirmer la suspension',
    done: 'Décision enregistrée : le prestataire est suspendu. Il disparaîtra de l’annuaire d’ici quelques secondes.',
  },
  reinstate: {
    from: 'suspended', label: 'Rétablir', reason: false,
    done: 'Décision enregistrée : le prestataire est rétabli. Il réapparaîtra dans l’annuaire d’ici quelques secondes.',
  },
};

const ACTIONS = {
  apply: 'Candidature déposée',
  resubmit: 'Candidature redéposée',
  'update-profile': 'Profil mis à jour',
  approve: 'Agrément',
  reject: 'Refus',
  suspend: 'Suspension',
  reinstate: 'Rétablissement',
  'request-bank-change': 'Changement de compte bancaire demandé',
  'approve-bank-change': 'Nouveau compte bancaire approuvé',
  'reject-bank-change': 'Nouveau compte bancaire refusé',
};

const FIELDS = {
  status: 'Statut',
  displayName: 'Nom affiché',
  profession: 'Profession',
  credential: 'Inscription',
  address: 'Adresse',
  area: 'Zone',
  languages: 'Langues',
  bankAccount: 'Compte bancaire',
  bankChange: 'Changement de compte',
  requestedBy: 'Demandé par le compte',
  requestedAt: 'Demandé le',
  contact: 'Coordonnées',
  remoteSessions: 'Séances à distance',
  wheelchairAccessible: 'Accès en fauteuil roulant',
};

function valueText(field, value) {
  if (value === undefined || value === null || value === '') return '(vide)';
  if (field === 'status') return STATUSES[value]?.adjective || value;
  if (field === 'profession') return serviceByCode(value)?.label || value;
  if (value === 'true') return 'oui';
  if (value === 'false') return 'non';
  return String(value);
}

function changes(entry) {
  const before = entry.before || {};
  const after = entry.after || {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (!keys.length) return 'Aucun changement';
  return h('ul', { class: 'audit__changements' }, keys.map((key) => h('li', {},
    h('span', { class: 'audit__champ' }, `${FIELDS[key] || key} : `),
    valueText(key, before[key]),
    h('span', { 'aria-hidden': 'true' }, ' → '),
    h('span', { class: 'visuellement-cache' }, ' devient '),
    valueText(key, after[key]))));
}

function auditSection(audit) {
  const me = currentSession()?.subject;
  const rows = audit.map((entry) => h('tr', {},
    h('td', {}, formatDateTime(entry.at)),
    h('td', {},
      ROLE_LABELS[entry.actorRole] || entry.actorRole || '',
      entry.actor ? h('span', { class: 'audit__acteur' }, entry.actor === me ? ' (vous)' : ` (compte ${String(entry.actor).slice(0, 8)}…)`) : null),
    h('td', {}, ACTIONS[entry.action] || entry.action),
    h('td', {}, changes(entry)),
    h('td', {}, entry.reason || '—')));
  return h('section', { class: 'bloc', 'aria-labelledby': 'titre-historique' },
    h('h2', { id: 'titre-historique', class: 'bloc__titre' }, 'Historique'),
    audit.length === 0 ? h('p', {}, 'Aucune entrée.') : h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': 'legende-historique', tabindex: '0' },
      h('table', { class: 'tableau tableau--historique' },
        h('caption', { id: 'legende-historique' }, 'Journal du dossier, du plus ancien au plus récent (heure de Paris)'),
        h('thead', {}, h('tr', {}, ['Date', 'Par', 'Action', 'Changements', 'Motif'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows))));
}

/** The decisions allowed for the record's status, each a button (reason ones open a small form). */
function decisionSection(provider, onDecide) {
  const allowed = Object.entries(DECISIONS).filter(([, d]) => d.from === provider.status);
  const section = h('section', { class: 'bloc decision', 'aria-labelledby': 'titre-decision' },
    h('h2', { id: 'titre-decision', class: 'bloc__titre' }, 'Décision'),
    h('p', {}, 'Statut actuel : ', statusBadge(provider.status), ` (version ${provider.version} du dossier).`));
  if (!allowed.length) {
    section.append(h('p', {}, provider.status === 'rejected'
      ? 'Aucune décision possible : le prestataire peut corriger et redéposer sa candidature, qui reviendra alors dans les dossiers à examiner.'
      : 'Aucune décision possible dans ce statut.'));
    return section;
  }
  const buttons = h('div', { class: 'decision__boutons' });
  const panels = h('div', {});
  const problemArea = h('div', {});
  const allButtons = [];
  const busy = (on) => {
    for (const b of allButtons) {
      if (on) b.setAttribute('aria-disabled', 'true');
      else b.removeAttribute('aria-disabled');
    }
  };
  const send = async (code, reason, field) => {
    if (allButtons.some((b) => b.getAttribute('aria-disabled') === 'true')) return;
    busy(true);
    problemArea.replaceChildren();
    try {
      await onDecide(code, reason, { field, problemArea });
    } finally {
      busy(false);
    }
  };

  for (const [code, d] of allowed) {
    if (!d.reason) {
      const button = h('button', { type: 'button', class: 'bouton', 'data-decision': code, onclick: () => send(code, undefined, null) }, d.label);
      allButtons.push(button);
      buttons.append(button);
      continue;
    }
    const panelId = `decision-${code}`;
    const textareaId = `motif-${code}`;
    const textarea = h('textarea', { id: textareaId, name: 'motif', rows: '4', maxlength: '1000', class: 'champ__saisie', 'aria-describedby': `${textareaId}-aide` });
    const field = h('div', { class: 'champ' },
      h('label', { for: textareaId, class: 'champ__libelle' }, d.reasonLabel),
      h('p', { id: `${textareaId}-aide`, class: 'champ__aide' }, 'Le prestataire lira ce motif sur son dossier : soyez précis (3 à 1000 caractères).'),
      textarea);
    const fieldApi = {
      show(message) {
        fieldApi.clear();
        field.classList.add('champ--erreur');
        textarea.before(h('p', { id: `${textareaId}-erreur`, class: 'champ__erreur' }, h('span', { class: 'visuellement-cache' }, 'Erreur : '), message));
        textarea.setAttribute('aria-invalid', 'true');
        textarea.setAttribute('aria-describedby', `${textareaId}-aide ${textareaId}-erreur`);
        textarea.focus();
      },
      clear() {
        field.classList.remove('champ--erreur');
        field.querySelector('.champ__erreur')?.remove();
        textarea.removeAttribute('aria-invalid');
        textarea.setAttribute('aria-describedby', `${textareaId}-aide`);
      },
    };
    const toggle = h('button', { type: 'button', class: 'bouton bouton--secondaire', 'aria-expanded': 'false', 'aria-controls': panelId, 'data-decision': code }, d.label);
    const confirm = h('button', { type: 'submit', class: 'bouton' }, d.confirm);
    const cancel = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Annuler');
    const panel = h('form', { id: panelId, class: 'decision__motif', hidden: true, novalidate: true, 'aria-label': d.confirm },
      field, h('div', { class: 'decision__boutons' }, confirm, cancel));
    allButtons.push(toggle, confirm);
    toggle.addEventListener('click', () => {
      const open = panel.hidden;
      for (const other of panels.children) other.hidden = true;
      for (const other of buttons.querySelectorAll('[aria-expanded]')) other.setAttribute('aria-expanded', 'false');
      panel.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (open) textarea.focus();
    });
    cancel.addEventListener('click', () => {
      panel.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      fieldApi.clear();
      toggle.focus();
    });
    panel.addEventListener('submit', (event) => {
      event.preventDefault();
      const reason = textarea.value.trim();
      if (reason.length < 3) {
        fieldApi.show('Indiquez le motif de cette décision (3 caractères au moins) : le prestataire le lira.');
        return;
      }
      fieldApi.clear();
      send(code, reason, fieldApi);
    });
    buttons.append(toggle);
    panels.append(panel);
  }
  section.append(problemArea, buttons, panels);
  return section;
}

const BANK_DONE = {
  approve: 'Nouveau compte approuvé : le prochain remboursement le paiera, y compris les virements retenus.',
  reject: 'Changement refusé : le compte vérifié reste celui qui est payé. Le prestataire voit le motif.',
};

function ibanCountry(iban) {
  return /^[A-Z]{2}/.test(iban || '') ? iban.slice(0, 2) : '—';
}

/**
 * The pending change of bank account, the reviewed account beside it (IBANs in full: the agent
 * checks them), with approve / reject (reason required). Sent with the record's version and the
 * IBAN reviewed: a change made meanwhile is refused (409) and the record reloaded.
 */
function bankChangeSection(provider, onBankDecide) {
  const details = provider.bankDetails || {};
  const current = details.reviewed;
  const requested = details.pending;
  if (!current || !requested) return null;
  const cell = (text, cls) => h('td', cls ? { class: cls } : {}, text);
  // What differs is said in words too (not only seen): « changé » beside the new value.
  const changed = (a, b, text) => cell(a === b ? text : [text, h('strong', { class: 'comparaison__change' }, ' (changé)')]);
  const rows = [
    ['IBAN', cell(h('span', { class: 'iban' }, formatIban(current.iban))), changed(current.iban, requested.iban, h('span', { class: 'iban' }, formatIban(requested.iban)))],
    ['BIC', cell(current.bic), changed(current.bic, requested.bic, requested.bic)],
    ['Pays du compte', cell(ibanCountry(current.iban)), changed(ibanCountry(current.iban), ibanCountry(requested.iban), ibanCountry(requested.iban))],
    ['Titulaire des virements', cell(current.holder), cell(`${current.holder} (nom approuvé du dossier)`)],
    ['Date', cell(current.reviewedAt ? `vérifié le ${formatDateTime(current.reviewedAt)}` : 'vérifié avec le dossier'),
      cell(`demandé le ${formatDateTime(requested.requestedAt)}${requested.requestedBy ? ` (compte ${String(requested.requestedBy).slice(0, 8)}…)` : ''}`)],
    ['En attendant votre décision', cell(requested.previousAccountClosed ? 'déclaré clos par le prestataire : plus aucun virement, ils sont retenus' : 'toujours payé (déclaré ouvert par le prestataire)'),
      cell('aucun virement avant votre approbation')],
  ].map(([label, a, b]) => h('tr', {}, h('th', { scope: 'row' }, label), a, b));
  const table = h('table', { class: 'tableau tableau--comparaison', 'data-bank-comparison': '' },
    h('caption', { id: 'legende-banque' }, 'Compte vérifié et nouveau compte demandé, côte à côte'),
    h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'Compte vérifié (payé aujourd’hui)'), h('th', { scope: 'col' }, 'Nouveau compte demandé'))),
    h('tbody', {}, rows));

  const problemArea = h('div', {});
  const textareaId = 'motif-banque';
  const textarea = h('textarea', { id: textareaId, name: 'motif', rows: '3', maxlength: '1000', class: 'champ__saisie', 'aria-describedby': `${textareaId}-aide` });
  const field = h('div', { class: 'champ' },
    h('label', { for: textareaId, class: 'champ__libelle' }, 'Motif du refus du nouveau compte'),
    h('p', { id: `${textareaId}-aide`, class: 'champ__aide' }, 'Le prestataire lira ce motif (3 à 1000 caractères).'),
    textarea);
  const approve = h('button', { type: 'button', class: 'bouton', 'data-bank-decision': 'approve' }, 'Approuver le nouveau compte');
  const toggle = h('button', { type: 'button', class: 'bouton bouton--secondaire', 'aria-expanded': 'false', 'aria-controls': 'decision-banque-refus', 'data-bank-decision': 'reject' }, 'Refuser le nouveau compte…');
  const confirm = h('button', { type: 'submit', class: 'bouton' }, 'Confirmer le refus du nouveau compte');
  const panel = h('form', { id: 'decision-banque-refus', class: 'decision__motif', hidden: true, novalidate: true, 'aria-label': 'Refuser le nouveau compte' },
    field, h('div', { class: 'decision__boutons' }, confirm));
  const showError = (message) => {
    field.querySelector('.champ__erreur')?.remove();
    field.classList.add('champ--erreur');
    textarea.before(h('p', { id: `${textareaId}-erreur`, class: 'champ__erreur' }, h('span', { class: 'visuellement-cache' }, 'Erreur : '), message));
    textarea.setAttribute('aria-invalid', 'true');
    textarea.setAttribute('aria-describedby', `${textareaId}-aide ${textareaId}-erreur`);
    textarea.focus();
  };
  let sending = false;
  const send = async (decision, reason) => {
    if (sending) return;
    sending = true;
    problemArea.replaceChildren();
    try {
      await onBankDecide(decision, reason, requested.iban, { problemArea, showError });
    } finally {
      sending = false;
    }
  };
  approve.addEventListener('click', () => send('approve', undefined));
  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) textarea.focus();
  });
  panel.addEventListener('submit', (event) => {
    event.preventDefault();
    const reason = textarea.value.trim();
    if (reason.length < 3) {
      showError('Indiquez le motif du refus (3 caractères au moins) : le prestataire le lira.');
      return;
    }
    send('reject', reason);
  });
  return h('section', { class: 'bloc decision', 'aria-labelledby': 'titre-banque', id: 'changement-banque' },
    h('h2', { id: 'titre-banque', class: 'bloc__titre' }, 'Changement de compte bancaire à examiner'),
    h('p', {}, 'Aucun virement n’est fait sur le nouveau compte avant votre approbation. Vérifiez-le avec le justificatif (RIB) du prestataire.'),
    h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': 'legende-banque', tabindex: '0' }, table),
    problemArea,
    h('div', { class: 'decision__boutons' }, approve, toggle),
    panel);
}

async function show(container, id, context, notice) {
  let data;
  try {
    data = await getJson(`/api/back-office/providers/${encodeURIComponent(id)}`, { signal: context.signal });
  } catch (error) {
    if (error?.name === 'AbortError' || context.signal.aborted) return;
    const back = h('p', { class: 'retour' }, h('a', { href: hrefFor('/back-office/prestataires') }, 'Retour aux dossiers'));
    if (isSignInProblem(error)) {
      container.replaceChildren(h('h1', {}, TITLE), signInInvite({ reason: 'expired' }));
      return;
    }
    const problem = error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'Le dossier n’a pas pu s’afficher.' });
    container.replaceChildren(h('h1', {}, problem.status === 404 ? 'Dossier introuvable' : TITLE), problemBox(problem), back);
    return;
  }
  if (context.signal.aborted) return;
  const provider = data.provider || {};
  const audit = Array.isArray(data.audit) ? data.audit : [];
  context.setTitle(`${provider.displayName} : ${TITLE.toLowerCase()}`);

  let noticeBox = null;
  if (notice?.problem) {
    noticeBox = problemBox(notice.problem);
    if (notice.extra) noticeBox.append(h('p', {}, notice.extra));
  } else if (notice?.text) {
    noticeBox = h('div', { class: 'succes', role: 'status' }, h('p', {}, notice.text));
  }

  // Both decisions (on the record, on a bank-details change) are posted and answered the same way.
  // outcome() is read only once the decision is recorded.
  const postDecision = async (url, body, outcome, { problemArea, showReasonError }) => {
    try {
      await postJson(url, body, { signal: context.signal });
      if (context.signal.aborted) return;
      // The outcome is shown at the top of the reloaded record, and focused (so it is read out).
      await show(container, id, context, { text: outcome() });
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      if (isSignInProblem(error)) {
        problemArea.replaceChildren(signInInvite({ reason: 'expired', headingLevel: 3 }));
        focusElement(problemArea.querySelector('h3'));
        return;
      }
      const problem = error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'La décision n’a pas été enregistrée. Réessayez.' });
      const aboutReason = problem.fieldErrors.find((e) => e.pointer === '#/reason');
      if (aboutReason && showReasonError) {
        showReasonError(aboutReason.detail);
        return;
      }
      if (problem.status === 409) {
        // The record changed meanwhile (or the decision no longer fits): show why, with the record as it is now.
        await show(container, id, context, { problem, extra: 'Le dossier a été rechargé tel qu’il est maintenant : vérifiez-le avant de décider.' });
        return;
      }
      const box = problemBox(problem, { headingLevel: 3 });
      problemArea.replaceChildren(box);
      focusElement(box.querySelector('h3'));
    }
  };

  const onDecide = (decision, reason, { field, problemArea }) => postDecision(
    `/api/back-office/providers/${encodeURIComponent(id)}/decisions`,
    { decision, reason, version: provider.version },
    () => DECISIONS[decision].done,
    { problemArea, showReasonError: field ? (detail) => field.show(detail) : null });

  const onBankDecide = (decision, reason, iban, { problemArea, showError }) => postDecision(
    `/api/back-office/providers/${encodeURIComponent(id)}/bank-details/decisions`,
    { decision, reason, version: provider.version, iban },
    () => BANK_DONE[decision],
    { problemArea, showReasonError: showError });

  const queueStatus = STATUSES[provider.status] ? provider.status : 'submitted';
  container.replaceChildren(...[
    h('h1', {}, provider.displayName || TITLE),
    h('p', { class: 'retour' }, h('a', { href: hrefFor('/back-office/prestataires', { statut: queueStatus }) },
      `Retour aux dossiers : ${STATUSES[queueStatus].tab}`)),
    noticeBox,
    bankChangeSection(provider, onBankDecide),
    h('p', { class: 'dossier__statut' },
      statusBadge(provider.status), ' ',
      provider.service?.label || '', provider.submittedAt ? ` · déposé le ${formatDateTime(provider.submittedAt)}` : ''),
    ...recordDetails(provider, { forAgent: true, headingLevel: 2, idPrefix: 'dossier' }),
    auditSection(audit),
    decisionSection(provider, onDecide),
  ].filter(Boolean));
  if (noticeBox) focusElement(notice.problem ? noticeBox.querySelector('h2') : noticeBox);
}

export default {
  path: '/back-office/prestataires/:id',
  title: TITLE,
  inNav: false,
  roles: ['agent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE), h('p', { class: 'chargement', role: 'status' }, 'Chargement du dossier…'));
    if (!requireRole(container, 'agent', 'agents du programme')) {
      container.querySelector('.chargement')?.remove();
      return;
    }
    await show(container, params.id, context, null);
  },
};
