// « Déclarer une séance » (role provider, approved): after a session, the provider declares it
// with the voucher's code, typed or scanned from its QR code (the QR token itself is sent: the API
// checks its signature); the API answers 202 at once and applies the declaration from its queue,
// so the page follows the status URL until it is applied or refused (with the reason). Below,
// « Mes déclarations »: the history by status, paged, with cancellation while it is allowed.
//
// Each submission carries an Idempotency-Key. A retry of the same submission (the answer was
// lost: network error, 5xx) sends the same key again, so the API answers what it answered the
// first time and changes nothing; a new submission (another code or date, or after an answer)
// gets a new key.

import { getJson, postJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { formatDate, formatDateTime, parisDate } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { formErrors } from '../form-errors.js';
import { approvedRecord } from '../providers.js';
import { serviceByCode, groupCode, codeFromScan } from '../vouchers.js';
import { qrScanner } from '../scanner.js';

const TITLE = 'Déclarer une séance';
const P = 'seance';

/** A declaration's status, in words (and a badge with a distinct border, never colour alone). */
export const REDEMPTION_STATUSES = {
  pending: { label: 'En cours de traitement', filter: 'En cours de traitement' },
  applied: { label: 'Enregistrée', filter: 'Enregistrées' },
  rejected: { label: 'Refusée', filter: 'Refusées' },
  cancelled: { label: 'Annulée', filter: 'Annulées' },
};

function statusBadge(status) {
  const known = Object.hasOwn(REDEMPTION_STATUSES, status);
  return h('span', { class: `statut statut--seance-${known ? status : 'inconnu'}` }, known ? REDEMPTION_STATUSES[status].label : String(status || 'inconnu'));
}

/** Can the provider still cancel it? (The API has the last word: settled declarations are refused.) */
export function cancellable(item, now = Date.now()) {
  return (item.status === 'pending' || item.status === 'applied')
    && Boolean(item.cancellableUntil) && new Date(item.cancellableUntil).getTime() > now;
}

/** A new Idempotency-Key. */
function newKey() {
  if (window.crypto?.randomUUID) return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function tokenShaped(text) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(String(text || '').trim());
}

const wait = (ms, signal) => new Promise((resolve) => {
  const timer = window.setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { window.clearTimeout(timer); resolve(); }, { once: true });
});

/** What the provider reads while the declaration is followed, and once it is decided. */
function outcomeBox(view, { waiting = false } = {}) {
  const service = serviceByCode(view.service)?.heading || view.service || '';
  const facts = h('dl', { class: 'fiche' },
    h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Code'), h('dd', {}, h('span', { class: 'code-bon' }, view.code || ''))),
    service ? h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Service'), h('dd', {}, service)) : null,
    view.sessionDate ? h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Séance du'), h('dd', {}, formatDate(view.sessionDate))) : null,
    h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Statut'), h('dd', {}, statusBadge(view.status))));
  if (view.status === 'applied') {
    return h('div', { class: 'verdict verdict--valable' },
      h('h2', { class: 'verdict__titre', tabindex: '-1' }, 'Séance enregistrée'),
      h('p', {}, 'Le bon est utilisé : la séance vous sera payée lors du prochain remboursement.'),
      facts);
  }
  if (view.status === 'rejected') {
    return h('div', { class: 'verdict verdict--refuse' },
      h('h2', { class: 'verdict__titre', tabindex: '-1' }, 'Déclaration refusée'),
      h('p', { class: 'verdict__raison' }, h('strong', {}, view.reason || 'Ce bon ne peut pas être utilisé.')),
      facts);
  }
  if (view.status === 'cancelled') {
    return h('div', { class: 'verdict' },
      h('h2', { class: 'verdict__titre', tabindex: '-1' }, 'Déclaration annulée'), facts);
  }
  return h('div', { class: 'verdict verdict--attente' },
    h('h2', { class: 'verdict__titre', tabindex: '-1' }, 'Déclaration reçue'),
    h('p', {}, waiting
      ? 'Elle est en cours de traitement : la réponse s’affiche ici dans quelques secondes.'
      : 'Elle est toujours en cours de traitement. Elle sera traitée : retrouvez son statut dans « Mes déclarations » ci-dessous.'),
    facts);
}

function redeemForm(context, { onDecided }) {
  const summaryArea = h('div', { class: 'formulaire__resume' });
  const errors = formErrors({ summaryArea, context, pageTitle: TITLE, idPrefix: P });

  const codeInput = h('input', {
    id: `${P}-code`, name: 'code', type: 'text', inputmode: 'text', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', maxlength: '48', class: 'champ__saisie champ__saisie--code',
  });
  const codeField = h('div', { class: 'champ' },
    h('label', { for: codeInput.id, class: 'champ__libelle' }, 'Code du bon'),
    h('p', { id: `${P}-code-aide`, class: 'champ__aide' }, 'Il est imprimé sous le QR code, par exemple PSY-26SY-7JCV-NKHM-VA6N-7TX5-GFF6-BSS. Majuscules, tirets et espaces sont facultatifs ; vous pouvez aussi scanner le QR code.'),
    codeInput);
  errors.register('code', { label: 'Code du bon', wrapper: codeField, focus: codeInput, describe: codeInput, hints: [`${P}-code-aide`], anchor: codeInput });
  codeInput.setAttribute('aria-describedby', `${P}-code-aide`);

  const today = parisDate(0);
  const dateInput = h('input', {
    id: `${P}-date`, name: 'sessionDate', type: 'date', max: today, value: today, required: true,
    class: 'champ__saisie champ__saisie--date',
  });
  const dateField = h('div', { class: 'champ' },
    h('label', { for: dateInput.id, class: 'champ__libelle' }, 'Date de la séance'),
    h('p', { id: `${P}-date-aide`, class: 'champ__aide' }, 'Aujourd’hui par défaut. Une séance se déclare une fois tenue : pas de date à venir.'),
    dateInput);
  errors.register('sessionDate', { label: 'Date de la séance', wrapper: dateField, focus: dateInput, describe: dateInput, hints: [`${P}-date-aide`], anchor: dateInput });
  dateInput.setAttribute('aria-describedby', `${P}-date-aide`);

  const submit = h('button', { type: 'submit', class: 'bouton' }, 'Déclarer la séance');
  const result = h('div', { class: 'declaration__resultat', id: `${P}-resultat`, 'aria-live': 'polite' });
  const form = h('form', { class: 'formulaire declaration', novalidate: true, 'aria-labelledby': `${P}-titre` },
    summaryArea, codeField, dateField, h('div', { class: 'formulaire__actions' }, submit));

  /** The QR token read by the camera, while the field still shows its code. */
  let scanned = null;
  /** The submission being tried: its body and its Idempotency-Key (kept for a retry). */
  let attempt = null;

  codeInput.addEventListener('input', () => {
    const value = codeInput.value;
    if (tokenShaped(value) && codeFromScan(value)) {
      // A QR token pasted into the field: keep it, show its code.
      scanned = { token: value.trim(), code: groupCode(codeFromScan(value)) };
      codeInput.value = scanned.code;
      return;
    }
    if (codeInput.selectionStart === value.length) codeInput.value = groupCode(value);
    else {
      const position = codeInput.selectionStart;
      codeInput.value = value.toUpperCase();
      codeInput.setSelectionRange(position, position);
    }
    // Typed by hand (even to the same code): the code typed is what is sent.
    scanned = null;
  });

  function body() {
    const typed = codeInput.value.trim();
    return { code: scanned && typed === scanned.code ? scanned.token : typed, sessionDate: dateInput.value };
  }

  /** Client-side checks first: what is missing, a date to come. */
  function earlyErrors(b) {
    const found = [];
    if (!b.code) found.push({ key: 'code', detail: 'Saisissez le code du bon, ou scannez son QR code.' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(b.sessionDate)) found.push({ key: 'sessionDate', detail: 'Indiquez la date de la séance, par exemple 23/11/2026.' });
    else if (b.sessionDate > parisDate(0)) found.push({ key: 'sessionDate', detail: 'La séance ne peut pas être à venir : déclarez-la une fois tenue.' });
    return found;
  }

  async function follow(accepted) {
    let view = { ...accepted, code: codeInput.value, sessionDate: dateInput.value, status: accepted.status };
    result.replaceChildren(outcomeBox(view, { waiting: true }));
    context.announce('Déclaration reçue : en cours de traitement.');
    const deadline = Date.now() + 60_000;
    // Read the status URL at least once (the full record), then until it is no longer pending.
    let delay = 300;
    let read = false;
    while ((!read || view.status === 'pending') && Date.now() < deadline && !context.signal.aborted) {
      await wait(delay, context.signal);
      delay = Math.min(delay * 1.5, 3000);
      if (context.signal.aborted) return;
      read = true;
      try {
        view = await getJson(accepted.statusUrl, { signal: context.signal });
      } catch (error) {
        if (error?.name === 'AbortError' || context.signal.aborted) return;
        if (isSignInProblem(error)) {
          result.replaceChildren(signInInvite({ reason: 'expired' }));
          return;
        }
        // A failed look: look again later.
      }
    }
    if (context.signal.aborted) return;
    const box = outcomeBox(view, { waiting: false });
    result.replaceChildren(box);
    if (view.status === 'applied') context.setTitle(`Séance enregistrée · ${TITLE}`);
    else if (view.status === 'rejected') context.setTitle(`Déclaration refusée · ${TITLE}`);
    focusElement(box.querySelector('h2'));
    onDecided?.(view);
  }

  async function send(b, key) {
    errors.clear();
    submit.setAttribute('aria-disabled', 'true');
    result.replaceChildren(h('p', { class: 'chargement' }, 'Envoi de la déclaration…'));
    try {
      const accepted = await postJson('/api/redemptions', b, { signal: context.signal, headers: { 'Idempotency-Key': key } });
      if (context.signal.aborted) return;
      attempt = null;
      submit.removeAttribute('aria-disabled');
      await follow(accepted);
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      submit.removeAttribute('aria-disabled');
      result.replaceChildren();
      if (isSignInProblem(error)) {
        summaryArea.replaceChildren(signInInvite({ reason: 'expired' }));
        focusElement(summaryArea.querySelector('h2'));
        return;
      }
      const problem = error instanceof ApiProblem ? error
        : new ApiProblem({ title: 'Une erreur est survenue', detail: 'La déclaration n’a pas abouti. Réessayez.' });
      const answered = problem.status && problem.status < 500 && problem.status !== 429;
      if (answered) attempt = null;
      const fields = problem.fieldErrors
        .map((e) => ({ key: e.pointer === '#/code' ? 'code' : e.pointer === '#/sessionDate' ? 'sessionDate' : null, detail: e.detail }))
        .filter((e) => e.key);
      if (fields.length) {
        errors.show(problem.title, null, fields.map((e) => ({ ...e, detail: fields.length === 1 ? problem.detail || e.detail : e.detail })));
        return;
      }
      const extra = [];
      if (!answered) {
        // No answer (or a failure on the way): the same submission again, with the same key.
        const retry = h('button', { type: 'button', class: 'bouton' }, 'Réessayer');
        retry.addEventListener('click', () => send(b, key));
        extra.push(h('p', {}, 'Votre déclaration a peut-être été reçue : réessayer ne la compte pas deux fois.'), h('p', {}, retry));
      }
      errors.showProblem(problem, ...extra);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.getAttribute('aria-disabled') === 'true') return;
    const b = body();
    const early = earlyErrors(b);
    if (early.length) {
      result.replaceChildren();
      errors.show('Il y a un problème', errors.countText(early), early);
      return;
    }
    const signature = JSON.stringify(b);
    if (!attempt || attempt.signature !== signature) attempt = { signature, key: newKey() };
    send(b, attempt.key);
  });

  return {
    form,
    result,
    /** A QR code read by the camera: true when it is a voucher's. */
    useScan(raw) {
      const code = codeFromScan(raw);
      if (!code) return false;
      scanned = tokenShaped(raw) ? { token: String(raw).trim(), code: groupCode(code) } : null;
      codeInput.value = groupCode(code);
      errors.clear();
      result.replaceChildren();
      dateInput.focus();
      return true;
    },
  };
}

/** « Mes déclarations »: filter by status, pages, cancellation. */
function historySection(context) {
  const P2 = 'declarations';
  const select = h('select', { id: `${P2}-statut`, name: 'statut', class: 'champ__saisie' },
    h('option', { value: '' }, 'Toutes'),
    Object.entries(REDEMPTION_STATUSES).map(([value, s]) => h('option', { value }, s.filter)));
  const filter = h('form', { class: 'filtre', 'aria-label': 'Filtrer mes déclarations' },
    h('label', { for: select.id, class: 'champ__libelle' }, 'Statut'), ' ', select, ' ',
    h('button', { type: 'submit', class: 'bouton bouton--secondaire' }, 'Afficher'));
  const message = h('div', { class: 'declarations__message' });
  const list = h('div', { class: 'declarations__liste', 'aria-live': 'polite', 'aria-busy': 'false' });
  const more = h('button', { type: 'button', class: 'bouton bouton--secondaire', hidden: true }, 'Voir plus de déclarations');
  const dialog = h('dialog', { class: 'dialogue', 'aria-labelledby': `${P2}-dialogue-titre`, 'aria-describedby': `${P2}-dialogue-texte` });
  const section = h('section', { class: 'declarations', 'aria-labelledby': `${P2}-titre` },
    h('h2', { id: `${P2}-titre` }, 'Mes déclarations'),
    filter, message, list, h('p', { class: 'services__suite' }, more), dialog);

  let status = '';
  let cursor = null;
  let rows = null;

  function row(item) {
    const cells = [
      h('td', {}, item.sessionDate ? formatDate(item.sessionDate) : ''),
      h('td', {}, h('span', { class: 'code-bon code-bon--petit' }, item.code || '')),
      h('td', {}, serviceByCode(item.service)?.heading || item.service || ''),
      h('td', {}, statusBadge(item.status), item.status === 'rejected' && item.reason ? h('p', { class: 'declarations__motif' }, item.reason) : null),
      h('td', {}, formatDateTime(item.createdAt)),
    ];
    const action = h('td', {});
    if (cancellable(item)) {
      const button = h('button', { type: 'button', class: 'bouton bouton--secondaire', 'aria-label': `Annuler la déclaration du ${formatDate(item.sessionDate)}, bon ${item.code}` }, 'Annuler');
      button.addEventListener('click', () => confirmCancel(item, button));
      action.append(button, h('p', { class: 'champ__aide' }, `jusqu’au ${formatDateTime(item.cancellableUntil)}`));
    }
    return h('tr', { 'data-id': item.id }, cells, action);
  }

  function table() {
    rows = h('tbody');
    return h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': `${P2}-legende`, tabindex: '0' },
      h('table', { class: 'tableau' },
        h('caption', { id: `${P2}-legende` }, status ? `Mes déclarations : ${REDEMPTION_STATUSES[status].filter.toLowerCase()}` : 'Mes déclarations, les plus récentes d’abord'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Séance du'), h('th', { scope: 'col' }, 'Code du bon'), h('th', { scope: 'col' }, 'Service'),
          h('th', { scope: 'col' }, 'Statut'), h('th', { scope: 'col' }, 'Déclarée le'), h('th', { scope: 'col' }, 'Annulation'))),
        rows));
  }

  async function load({ append = false } = {}) {
    list.setAttribute('aria-busy', 'true');
    if (!append) {
      cursor = null;
      list.replaceChildren(h('p', { class: 'chargement' }, 'Chargement de vos déclarations…'));
    }
    try {
      const page = await getJson('/api/redemptions', { query: { status, cursor: append ? cursor : undefined, limit: 20 }, signal: context.signal });
      if (context.signal.aborted) return;
      if (!append) {
        if (!page.items.length) {
          list.replaceChildren(h('p', {}, status ? `Aucune déclaration ${REDEMPTION_STATUSES[status].label.toLowerCase()}.` : 'Vous n’avez encore déclaré aucune séance.'));
        } else {
          list.replaceChildren(table());
        }
      }
      for (const item of page.items) rows?.append(row(item));
      cursor = page.nextCursor || null;
      more.hidden = !cursor;
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      list.replaceChildren(isSignInProblem(error) ? signInInvite({ reason: 'expired', headingLevel: 3 })
        : problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'Vos déclarations n’ont pas pu s’afficher.' }), { headingLevel: 3 }));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function confirmCancel(item, opener) {
    const yes = h('button', { type: 'button', class: 'bouton' }, 'Oui, annuler la déclaration');
    const no = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Non, la garder');
    dialog.replaceChildren(
      h('h3', { id: `${P2}-dialogue-titre` }, 'Annuler cette déclaration ?'),
      h('p', { id: `${P2}-dialogue-texte` }, `Séance du ${formatDate(item.sessionDate)}, bon ${item.code}. Le bon redevient utilisable par le parent, et cette séance ne vous sera pas payée.`),
      h('p', { class: 'confirmation__boutons' }, yes, no));
    const close = () => {
      dialog.close();
      if (opener.isConnected) opener.focus();
    };
    no.addEventListener('click', close);
    yes.addEventListener('click', async () => {
      yes.setAttribute('aria-disabled', 'true');
      let box;
      try {
        const cancelled = await postJson(`/api/redemptions/${encodeURIComponent(item.id)}/cancel`, undefined, { signal: context.signal });
        if (context.signal.aborted) return;
        box = h('div', { class: 'succes', role: 'status', tabindex: '-1' },
          h('p', {}, `La déclaration de la séance du ${formatDate(cancelled.sessionDate)} (bon ${cancelled.code}) est annulée : le bon redevient utilisable.`));
      } catch (error) {
        if (error?.name === 'AbortError' || context.signal.aborted) return;
        box = isSignInProblem(error) ? signInInvite({ reason: 'expired', headingLevel: 3 })
          : problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'L’annulation n’a pas abouti. Réessayez.' }), { headingLevel: 3 });
      }
      dialog.close();
      message.replaceChildren(box);
      focusElement(box.querySelector('h3') || box);
      await load();
    });
    dialog.showModal();
    no.focus();
  }

  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    status = select.value;
    message.replaceChildren();
    load();
  });
  more.addEventListener('click', () => load({ append: true }));
  return { section, load };
}

export default {
  path: '/prestataire/seances',
  title: TITLE,
  navLabel: 'Déclarer une séance',
  roles: ['provider'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'provider', 'prestataires')) return;
    if (!await approvedRecord(container, context.signal, 'déclarer une séance')) return;

    const history = historySection(context);
    const { form, result, useScan } = redeemForm(context, { onDecided: () => history.load() });
    const scan = qrScanner({ idPrefix: P, context, onScan: useScan });
    container.append(
      h('p', { class: 'introduction' }, 'Après la séance, déclarez-la avec le bon du parent : saisissez son code ou scannez son QR code. La séance vous est payée au prochain remboursement ; vous pouvez annuler une déclaration pendant quelques jours, tant qu’elle n’est pas payée.'),
      h('section', { 'aria-labelledby': `${P}-titre` },
        h('h2', { id: `${P}-titre` }, 'Nouvelle déclaration'),
        form, scan, result),
      history.section);
    history.load();
  },
};
