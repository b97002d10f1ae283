// « Règles du programme » (role agent): every version of the rules (sessions per service,
// validity of the vouchers, tariffs, income tiers), and the form to publish the next one,
// prefilled from the version in force. A new version starts tomorrow at the earliest and closes
// the previous one the day before: nothing already done changes.

import { getJson, postJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { formatDate, formatDateTime, formatEuros, eurosFieldValue, parseEuros, parisDate, addDays, plural } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { formErrors } from '../form-errors.js';
import { SERVICES, serviceByCode, periodText } from '../vouchers.js';

const TITLE = 'Règles du programme';
const P = 'regles';
const MAX_TIERS = 10;

function versionStatus(version, inForce, today) {
  if (inForce && version.sequence === inForce.sequence) return { code: 'en-vigueur', label: 'En vigueur' };
  if (version.validFrom > today) return { code: 'a-venir', label: 'À venir' };
  return { code: 'terminee', label: 'Terminée' };
}

function tariffList(rules) {
  const tariffs = rules.tariffCents || {};
  return h('ul', { class: 'tableau__liste' }, Object.keys(tariffs)
    .sort((a, b) => SERVICES.findIndex((s) => s.code === a) - SERVICES.findIndex((s) => s.code === b))
    .map((code) => h('li', {}, `${serviceByCode(code)?.heading || code} : ${formatEuros(tariffs[code])}`)));
}

function tierList(rules) {
  return h('ul', { class: 'tableau__liste' }, (rules.tiers || []).map((t) => h('li', {},
    h('strong', {}, t.code), ` — ${t.label}`,
    typeof t.upToQuotient === 'number' ? ` (plafond : ${formatEuros(t.upToQuotient * 100)}, exclu)` : ' (sans plafond)',
    ` : participation ${formatEuros(t.coPaymentCents)}`)));
}

function versionsTable(book, today) {
  const versions = (Array.isArray(book.versions) && book.versions.length ? book.versions : [book.inForce, ...(book.upcoming || [])])
    .filter(Boolean)
    .slice()
    .sort((a, b) => b.sequence - a.sequence);
  const captionId = 'titre-versions-tableau';
  return h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
    h('table', { class: 'tableau tableau--regles' },
      h('caption', { id: captionId }, 'Versions des règles, de la plus récente à la plus ancienne'),
      h('thead', {}, h('tr', {}, ['Version', 'Période', 'Statut', 'Séances par service', 'Validité des bons', 'Tarifs par séance', 'Tranches de revenus']
        .map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, versions.map((v) => {
        const status = versionStatus(v, book.inForce, today);
        return h('tr', {},
          h('th', { scope: 'row' }, `n° ${v.sequence}`),
          h('td', {}, periodText(v, { today }), v.createdAt ? h('span', { class: 'tableau__note' }, `publiée le ${formatDateTime(v.createdAt)}`) : null),
          h('td', {}, h('span', { class: `statut statut--regles-${status.code}` }, status.label)),
          h('td', {}, String(v.sessionsPerService)),
          h('td', {}, plural(v.validityMonths, 'mois', 'mois')),
          h('td', {}, tariffList(v)),
          h('td', {}, tierList(v)));
      }))));
}

/** The form to publish a version, prefilled from `base` (the version in force). */
function publishForm({ base, firstDay, context, onPublished }) {
  const summaryArea = h('div', { class: 'formulaire__resume' });
  const errors = formErrors({ summaryArea, context, pageTitle: TITLE, idPrefix: P });

  function textField(key, { label, summary, hint, value, suffix, attributes = {}, type = 'text' }) {
    const id = `${P}-${key}`;
    const hintId = hint ? `${id}-aide` : null;
    const input = h('input', { id, name: key, type, class: 'champ__saisie champ__saisie--court', value: value ?? '', 'aria-describedby': hintId, autocomplete: 'off', spellcheck: 'false', ...attributes });
    const wrapper = h('div', { class: 'champ' },
      h('label', { for: id, class: 'champ__libelle' }, label),
      hint ? h('p', { id: hintId, class: 'champ__aide' }, hint) : null,
      suffix ? h('div', { class: 'champ__avec-unite' }, input, h('span', { class: 'champ__unite', 'aria-hidden': 'true' }, suffix)) : input);
    errors.register(key, { label: summary || label, wrapper, focus: input, describe: input, hints: hintId ? [hintId] : [], anchor: suffix ? input.parentElement : input });
    return { wrapper, input };
  }

  const tomorrow = parisDate(1);
  const validFrom = textField('validFrom', {
    label: 'Date de début',
    type: 'date',
    hint: `Au plus tôt demain, le ${formatDate(tomorrow)}, et après le début de la dernière version. La version précédente s’arrête la veille ; les bons déjà remis gardent leurs conditions.`,
    value: firstDay,
    attributes: { min: tomorrow },
  });
  const sessions = textField('sessionsPerService', {
    label: 'Séances par service', hint: 'De 1 à 20 : le nombre de bons qu’un parent peut recevoir pour chaque service.',
    value: String(base.sessionsPerService ?? ''), attributes: { inputmode: 'numeric', maxlength: '2' },
  });
  const months = textField('validityMonths', {
    label: 'Validité des bons', hint: 'De 1 à 36 mois, à partir du jour où le bon est remis.', suffix: 'mois',
    value: String(base.validityMonths ?? ''), attributes: { inputmode: 'numeric', maxlength: '2' },
  });

  const tariffInputs = new Map();
  const tariffSet = h('fieldset', { class: 'formulaire__partie', id: `${P}-tarifs`, 'aria-describedby': `${P}-tarifs-aide` },
    h('legend', { class: 'formulaire__legende' }, 'Tarif d’une séance, payé au professionnel'),
    h('p', { id: `${P}-tarifs-aide`, class: 'champ__aide' }, 'En euros, par exemple 50 ou 49,50.'));
  errors.register('tariffs', { label: 'Tarifs', wrapper: tariffSet, describe: tariffSet, hints: [`${P}-tarifs-aide`], invalid: false });
  for (const service of SERVICES) {
    const field = textField(`tariff-${service.code}`, {
      label: service.heading, summary: `Tarif (${service.heading.toLowerCase()})`, suffix: '€',
      value: eurosFieldValue(base.tariffCents?.[service.code]), attributes: { inputmode: 'decimal', maxlength: '9' },
    });
    tariffInputs.set(service.code, field.input);
    tariffSet.append(field.wrapper);
  }

  // Income tiers: one sub-fieldset each, rebuilt when one is added or removed.
  let tiers = (base.tiers || []).map((t) => ({
    code: t.code, label: t.label, upTo: typeof t.upToQuotient === 'number' ? String(t.upToQuotient) : '', copay: eurosFieldValue(t.coPaymentCents),
  }));
  const tierArea = h('div', { class: 'tranches' });
  const addButton = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Ajouter une tranche');
  const tierSet = h('fieldset', { class: 'formulaire__partie', id: `${P}-tranches`, 'aria-describedby': `${P}-tranches-aide` },
    h('legend', { class: 'formulaire__legende' }, 'Tranches de revenus'),
    h('p', { id: `${P}-tranches-aide`, class: 'champ__aide' }, 'Des revenus les plus modestes aux plus élevés. Chaque tranche a une lettre majuscule différente ; la dernière n’a pas de plafond. La participation est ce que le parent paie à chaque séance, au plus le plus petit tarif.'),
    tierArea,
    h('p', {}, addButton));
  errors.register('tiers', { label: 'Tranches de revenus', wrapper: tierSet, describe: tierSet, hints: [`${P}-tranches-aide`], invalid: false, anchor: tierArea });

  const readTiers = () => tiers.map((t, i) => ({
    code: tierArea.querySelector(`#${P}-tier-${i}-code`)?.value ?? t.code,
    label: tierArea.querySelector(`#${P}-tier-${i}-label`)?.value ?? t.label,
    upTo: tierArea.querySelector(`#${P}-tier-${i}-upToQuotient`)?.value ?? t.upTo,
    copay: tierArea.querySelector(`#${P}-tier-${i}-coPaymentCents`)?.value ?? t.copay,
  }));

  function renderTiers(focusIndex) {
    tierArea.replaceChildren(...tiers.map((t, i) => {
      const n = i + 1;
      const code = textField(`tier-${i}-code`, { label: 'Lettre', summary: `Tranche ${n}, lettre`, value: t.code, attributes: { maxlength: '1', autocapitalize: 'characters' } });
      const label = textField(`tier-${i}-label`, { label: 'Libellé montré aux parents', summary: `Tranche ${n}, libellé`, value: t.label, attributes: { maxlength: '120' } });
      label.input.classList.remove('champ__saisie--court');
      const upTo = textField(`tier-${i}-upToQuotient`, {
        label: 'Quotient familial inférieur à', summary: `Tranche ${n}, plafond du quotient familial`, hint: i === tiers.length - 1 ? 'Laissez vide pour la dernière tranche.' : 'En euros, borne exclue.',
        suffix: '€', value: t.upTo, attributes: { inputmode: 'numeric', maxlength: '7' },
      });
      const copay = textField(`tier-${i}-coPaymentCents`, { label: 'Participation du parent par séance', summary: `Tranche ${n}, participation`, suffix: '€', value: t.copay, attributes: { inputmode: 'decimal', maxlength: '9' } });
      const remove = tiers.length > 1 ? h('button', {
        type: 'button',
        class: 'bouton bouton--secondaire',
        onclick() {
          tiers = readTiers();
          tiers.splice(i, 1);
          renderTiers(Math.max(0, i - 1));
          context.announce(`Tranche ${n} retirée.`);
        },
      }, `Retirer la tranche ${n}`) : null;
      return h('fieldset', { class: 'champ champ--groupe tranche', id: `${P}-tier-${i}` },
        h('legend', { class: 'champ__libelle tranche__titre' }, `Tranche ${n}`),
        code.wrapper, label.wrapper, upTo.wrapper, copay.wrapper, remove ? h('p', {}, remove) : null);
    }));
    addButton.hidden = tiers.length >= MAX_TIERS;
    if (focusIndex !== undefined) tierArea.querySelector(`#${P}-tier-${focusIndex}-code`)?.focus();
  }
  addButton.addEventListener('click', () => {
    tiers = readTiers();
    const used = new Set(tiers.map((t) => t.code.toUpperCase()));
    const next = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((c) => !used.has(c)) || '';
    tiers.push({ code: next, label: '', upTo: '', copay: '' });
    renderTiers(tiers.length - 1);
    context.announce(`Tranche ${tiers.length} ajoutée.`);
  });
  renderTiers();

  const submit = h('button', { type: 'submit', class: 'bouton' }, 'Publier la nouvelle version');
  const form = h('form', { class: 'formulaire formulaire--long', novalidate: true, 'aria-labelledby': 'titre-publier' },
    summaryArea,
    h('p', {}, 'Préremplie avec la version en vigueur. Tous les champs sont obligatoires, sauf le plafond de la dernière tranche.'),
    validFrom.wrapper, sessions.wrapper, months.wrapper, tariffSet, tierSet,
    h('div', { class: 'formulaire__actions' }, submit));

  const POINTER_KEYS = {
    '#/validFrom': 'validFrom', '#/sessionsPerService': 'sessionsPerService', '#/validityMonths': 'validityMonths', '#/tariffCents': 'tariffs', '#/tiers': 'tiers',
  };
  const keyFor = (pointer) => {
    if (POINTER_KEYS[pointer]) return POINTER_KEYS[pointer];
    let m = /^#\/tariffCents\/([^/]+)$/.exec(pointer);
    if (m) return errors.fields.has(`tariff-${m[1]}`) ? `tariff-${m[1]}` : 'tariffs';
    m = /^#\/tiers\/(\d+)(?:\/(code|label|upToQuotient|coPaymentCents))?$/.exec(pointer);
    if (m) return m[2] ? `tier-${m[1]}-${m[2]}` : `tier-${m[1]}-code`;
    return null;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.getAttribute('aria-disabled') === 'true') return;
    const early = [];
    const whole = (input, key, message) => {
      const text = input.value.trim();
      if (!/^\d{1,6}$/.test(text)) {
        early.push({ key, detail: message });
        return null;
      }
      return Number(text);
    };
    const euros = (input, key) => {
      const cents = parseEuros(input.value);
      if (cents === null) early.push({ key, detail: 'Saisissez un montant en euros, par exemple 50 ou 49,50.' });
      return cents;
    };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom.input.value)) early.push({ key: 'validFrom', detail: 'Saisissez la date de début (jour, mois, année).' });
    const body = {
      validFrom: validFrom.input.value,
      sessionsPerService: whole(sessions.input, 'sessionsPerService', 'Saisissez un nombre entier de séances, de 1 à 20.'),
      validityMonths: whole(months.input, 'validityMonths', 'Saisissez un nombre entier de mois, de 1 à 36.'),
      tariffCents: {},
      tiers: [],
    };
    for (const [code, input] of tariffInputs) body.tariffCents[code] = euros(input, `tariff-${code}`);
    tiers = readTiers();
    tiers.forEach((t, i) => {
      const upToText = t.upTo.replace(/[\s\u00a0\u202f€]/g, '');
      let upToQuotient = null;
      if (upToText !== '') {
        if (/^\d{1,7}$/.test(upToText)) upToQuotient = Number(upToText);
        else early.push({ key: `tier-${i}-upToQuotient`, detail: 'Saisissez un nombre entier d’euros, par exemple 1000, ou laissez vide pour la dernière tranche.' });
      }
      const cents = parseEuros(t.copay);
      if (cents === null) early.push({ key: `tier-${i}-coPaymentCents`, detail: 'Saisissez un montant en euros, par exemple 0 ou 5.' });
      body.tiers.push({ code: t.code.trim().toUpperCase(), label: t.label.trim(), upToQuotient, coPaymentCents: cents });
    });
    if (early.length) {
      errors.show('Il y a un problème', errors.countText(early), early);
      return;
    }
    errors.clear();
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = 'Publication en cours…';
    context.announce('Publication en cours…');
    try {
      const published = await postJson('/api/back-office/rules', body, { signal: context.signal });
      if (context.signal.aborted) return;
      await onPublished({ published });
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      if (isSignInProblem(error)) {
        summaryArea.replaceChildren(signInInvite({ reason: 'expired' }));
        focusElement(summaryArea.querySelector('h2'));
        return;
      }
      const problem = error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'La version n’a pas été publiée. Réessayez.' });
      if (problem.status === 409) {
        await onPublished({ problem, extra: 'Les versions ont été rechargées telles qu’elles sont maintenant : vérifiez-les avant de publier à nouveau.' });
      } else if (problem.fieldErrors.length) {
        const all = problem.fieldErrors.map((e) => ({ key: keyFor(e.pointer), detail: e.detail }));
        errors.show(problem.title, errors.countText(all), all);
      } else {
        errors.showProblem(problem);
      }
    } finally {
      submit.removeAttribute('aria-disabled');
      submit.textContent = 'Publier la nouvelle version';
    }
  });
  return form;
}

async function show(container, context, notice) {
  let book;
  try {
    book = await getJson('/api/back-office/rules', { signal: context.signal });
  } catch (error) {
    if (error?.name === 'AbortError' || context.signal.aborted) return;
    const box = isSignInProblem(error) ? signInInvite({ reason: 'expired' })
      : problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'Les règles n’ont pas pu s’afficher.' }));
    container.replaceChildren(h('h1', {}, TITLE), box);
    return;
  }
  if (context.signal.aborted) return;
  const today = parisDate(0);
  const versions = Array.isArray(book.versions) ? book.versions : [];
  const latest = versions.reduce((a, b) => (!a || b.validFrom > a.validFrom ? b : a), book.inForce);
  const firstDay = [parisDate(1), latest ? addDays(latest.validFrom, 1) : ''].sort().pop();
  const base = book.inForce || latest || { tiers: [] };

  let noticeBox = null;
  if (notice?.problem) {
    noticeBox = problemBox(notice.problem);
    if (notice.extra) noticeBox.append(h('p', {}, notice.extra));
  } else if (notice?.text) {
    noticeBox = h('div', { class: 'succes', role: 'status', tabindex: '-1' }, h('p', {}, notice.text));
  }

  const form = publishForm({
    base,
    firstDay,
    context,
    async onPublished({ published, problem, extra }) {
      if (problem) {
        await show(container, context, { problem, extra });
        return;
      }
      await show(container, context, {
        text: `La version ${published.sequence} est publiée : elle s’appliquera à partir du ${formatDate(published.validFrom)}. La version précédente s’arrête la veille.`,
      });
    },
  });

  container.replaceChildren(...[
    h('h1', {}, TITLE),
    h('p', { class: 'introduction' }, 'Les règles fixent, pour chaque bon remis, le nombre de séances par service, la durée de validité, le tarif payé au professionnel et la participation du parent selon ses revenus. Un bon garde toujours les règles du jour où il a été remis.'),
    noticeBox,
    h('section', { class: 'bloc', 'aria-labelledby': 'titre-versions' },
      h('h2', { id: 'titre-versions', class: 'bloc__titre' }, 'Les versions'),
      versionsTable(book, today)),
    h('section', { class: 'bloc', 'aria-labelledby': 'titre-publier' },
      h('h2', { id: 'titre-publier', class: 'bloc__titre' }, 'Publier une nouvelle version'),
      form),
  ].filter(Boolean));
  if (noticeBox) focusElement(notice.problem ? noticeBox.querySelector('h2') : noticeBox);
}

export default {
  path: '/back-office/regles',
  title: TITLE,
  navLabel: 'Règles du programme',
  roles: ['agent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'agent', 'agents du programme')) return;
    container.append(h('p', { class: 'chargement', role: 'status' }, 'Chargement des règles…'));
    await show(container, context, null);
  },
};
