// « Mes bons » (role parent): the vouchers by service, with their status and the sessions left;
// the request form (service, a chosen provider or none, sessions, income tier with what a
// session then costs); print or give back a voucher.
//
// #/bons?service=psychologist&prestataire=<id> preselects the service and the provider (links
// from the questionnaire, the search results and the provider's page).

import { getJson, postJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { hrefFor } from '../router.js';
import { formatDate, formatDateTime, formatDistance, formatEuros, plural } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { formErrors } from '../form-errors.js';
import {
  SERVICES, serviceByCode, voucherBadge, sessionOf, remainingText, codeGroups, tierCostText,
} from '../vouchers.js';

const TITLE = 'Mes bons';
const P = 'bons';
const PICKER_LIMIT = 10;

function asProblem(error, detail) {
  return error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail });
}

/** "Claire Martin — 75018 Paris 18e Arrondissement, à 1,2 km" */
function providerText(listing) {
  const where = [listing.postalCode, listing.locality].filter(Boolean).join(' ');
  const distance = typeof listing.distanceKm === 'number' ? formatDistance(listing.distanceKm) : null;
  return [listing.displayName, [where, distance].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
}

// --- The wallet -------------------------------------------------------------------------------

function voucherCard(voucher, onReturn) {
  const serviceCode = voucher.service?.code;
  const where = voucher.provider?.name
    ? `Chez ${voucher.provider.name} uniquement`
    : `Chez tout professionnel agréé du programme (${(voucher.service?.label || '').toLowerCase()})`;
  const cost = voucher.coPaymentCents > 0
    ? `Vous payez ${formatEuros(voucher.coPaymentCents)} au professionnel (séance à ${formatEuros(voucher.tariffCents)})`
    : `Vous ne payez rien (séance à ${formatEuros(voucher.tariffCents)}, payée par le programme)`;
  const card = h('li', { class: `bon-carte bon-carte--${voucher.status}` },
    h('p', { class: 'bon-carte__tete' }, voucherBadge(voucher.status), ' ',
      h('span', { class: 'visuellement-cache' }, 'Code : '),
      h('span', { class: 'code-bon code-bon--petit' }, codeGroups(voucher.code))),
    h('ul', { class: 'bon-carte__details' },
      h('li', {}, where),
      h('li', {}, voucher.status === 'expired' ? `A expiré le ${formatDate(voucher.expiresOn)}` : `Valable jusqu’au ${formatDate(voucher.expiresOn)} inclus`),
      h('li', {}, cost),
      h('li', { class: 'bon-carte__recu' }, `Reçu le ${formatDateTime(voucher.issuedAt)}`)));
  if (voucher.status !== 'issued') return card;

  const confirmId = `${P}-rendre-${voucher.id}`;
  const open = h('button', { type: 'button', class: 'bouton bouton--secondaire', 'aria-expanded': 'false', 'aria-controls': confirmId },
    'Rendre ce bon', h('span', { class: 'visuellement-cache' }, ` ${voucher.code}`));
  const confirm = h('button', { type: 'button', class: 'bouton' }, 'Oui, rendre ce bon');
  const cancel = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Annuler');
  const problemArea = h('div', {});
  const panel = h('div', { class: 'confirmation', id: confirmId, hidden: true },
    h('p', { class: 'confirmation__question' }, h('strong', {}, `Rendre le bon ${voucher.code} ?`)),
    h('p', {}, `Il ne sera plus valable, et la séance ${sessionOf(serviceCode)} redeviendra disponible : vous pourrez la redemander plus tard.`),
    problemArea,
    h('div', { class: 'confirmation__boutons' }, confirm, cancel));
  open.addEventListener('click', () => {
    const expanded = open.getAttribute('aria-expanded') === 'true';
    open.setAttribute('aria-expanded', String(!expanded));
    panel.hidden = expanded;
    if (!expanded) confirm.focus();
  });
  cancel.addEventListener('click', () => {
    open.setAttribute('aria-expanded', 'false');
    panel.hidden = true;
    problemArea.replaceChildren();
    open.focus();
  });
  confirm.addEventListener('click', async () => {
    if (confirm.getAttribute('aria-disabled') === 'true') return;
    confirm.setAttribute('aria-disabled', 'true');
    confirm.textContent = 'Envoi en cours…';
    const shown = await onReturn(voucher, problemArea);
    if (!shown) {
      confirm.removeAttribute('aria-disabled');
      confirm.textContent = 'Oui, rendre ce bon';
    }
  });
  card.append(h('div', { class: 'bon-carte__actions' },
    h('a', { href: hrefFor(`/bons/${encodeURIComponent(voucher.id)}`), class: 'bouton' },
      'Imprimer', h('span', { class: 'visuellement-cache' }, ` le bon ${voucher.code}`)),
    open),
  panel);
  return card;
}

function walletSection(wallet, rules, onReturn) {
  const vouchers = Array.isArray(wallet.vouchers) ? wallet.vouchers : [];
  const remaining = wallet.remaining || {};
  const section = h('section', { class: 'bloc', 'aria-labelledby': 'titre-mes-bons' },
    h('h2', { id: 'titre-mes-bons', class: 'bloc__titre' }, 'Mes bons par service'));
  if (!vouchers.length) {
    section.append(h('p', {}, `Vous n’avez pas encore de bon. Chaque service donne droit à ${plural(rules?.sessionsPerService ?? 5, 'séance', 'séances')} : demandez vos bons ci-dessous.`));
    return section;
  }
  const order = { issued: 0, redeemed: 1, returned: 2, expired: 3 };
  for (const service of SERVICES) {
    const mine = vouchers.filter((v) => v.service?.code === service.code)
      .sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9));
    if (!mine.length) continue;
    const id = `titre-bons-${service.code}`;
    const usable = mine.filter((v) => v.status === 'issued').length;
    section.append(h('section', { class: 'bons-groupe', 'aria-labelledby': id },
      h('h3', { id, class: 'bons-groupe__titre' }, service.heading),
      h('p', { class: 'bons-groupe__compte' },
        `${plural(usable, 'bon à utiliser', 'bons à utiliser')} · ${remainingText(remaining[service.code] ?? 0)} à demander`),
      h('ul', { class: 'bons-liste', 'aria-labelledby': id }, mine.map((v) => voucherCard(v, onReturn)))));
  }
  return section;
}

// --- The request form --------------------------------------------------------------------------

function requestForm({ wallet, rules, preset, params, context, onMinted }) {
  const remaining = wallet.remaining || {};
  const initialService = serviceByCode(params.service) ? params.service : (preset?.service?.code || null);
  const tiers = Array.isArray(rules?.tiers) ? rules.tiers : [];
  const tariffs = rules?.tariffCents || {};
  const perService = rules?.sessionsPerService ?? 5;
  const summaryArea = h('div', { class: 'formulaire__resume' });
  const errors = formErrors({ summaryArea, context, pageTitle: TITLE, idPrefix: P });

  // Service
  const serviceList = h('div', { class: 'choix-liste' }, SERVICES.map((s) => h('div', { class: 'choix' },
    h('input', { type: 'radio', name: 'service', id: `${P}-service-${s.code}`, value: s.code, class: 'choix__bouton', checked: s.code === initialService }),
    h('label', { for: `${P}-service-${s.code}`, class: 'choix__libelle' }, `${s.heading} (${remainingText(remaining[s.code] ?? 0)})`))));
  const serviceSet = h('fieldset', { class: 'champ champ--groupe', id: `${P}-service` },
    h('legend', { class: 'champ__libelle' }, 'Pour quel service ?'), serviceList);
  errors.register('service', { label: 'Service', wrapper: serviceSet, focus: serviceList.querySelector('input'), describe: serviceSet, invalid: false, anchor: serviceList });

  // Provider: none, the preset one, or one found near a postal code
  const providerList = h('div', { class: 'choix-liste' });
  const noneOption = h('div', { class: 'choix' },
    h('input', { type: 'radio', name: 'prestataire', id: `${P}-prestataire-aucun`, value: '', class: 'choix__bouton', checked: true }),
    h('label', { for: `${P}-prestataire-aucun`, class: 'choix__libelle' }, 'Aucun en particulier : le bon vaudra chez tout professionnel agréé pour ce service'));
  providerList.append(noneOption);
  const candidates = new Map(); // id → listing
  const addProvider = (listing, { checked = false, picked = false } = {}) => {
    if (candidates.has(listing.id)) {
      if (checked) providerList.querySelector(`input[value="${CSS.escape(listing.id)}"]`).checked = true;
      return;
    }
    candidates.set(listing.id, listing);
    const n = candidates.size;
    providerList.append(h('div', { class: `choix${picked ? ' choix--trouve' : ''}`, 'data-service': listing.service?.code || '' },
      h('input', { type: 'radio', name: 'prestataire', id: `${P}-prestataire-${n}`, value: listing.id, class: 'choix__bouton', checked }),
      h('label', { for: `${P}-prestataire-${n}`, class: 'choix__libelle' }, providerText(listing))));
  };
  if (preset && preset.service?.code === initialService) addProvider(preset, { checked: true });

  const pickerInput = h('input', {
    id: `${P}-cp`, type: 'text', inputmode: 'numeric', autocomplete: 'postal-code', spellcheck: 'false', maxlength: '6',
    class: 'champ__saisie champ__saisie--court', 'aria-describedby': `${P}-cp-aide`,
  });
  const pickerButton = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Chercher');
  const pickerStatus = h('p', { id: `${P}-cp-statut`, class: 'champ__aide', role: 'status' });
  const pickerField = h('div', { class: 'champ selecteur' },
    h('label', { for: pickerInput.id, class: 'champ__libelle' }, 'Chercher un professionnel près de chez moi (facultatif)'),
    h('p', { id: `${P}-cp-aide`, class: 'champ__aide' }, 'Votre code postal : cinq chiffres en France, quatre en Belgique. Les professionnels trouvés s’ajoutent aux choix ci-dessus.'),
    h('div', { class: 'selecteur__ligne' }, pickerInput, pickerButton),
    pickerStatus);
  const providerSet = h('fieldset', { class: 'champ champ--groupe', id: `${P}-prestataire` },
    h('legend', { class: 'champ__libelle' }, 'Chez quel professionnel ?'),
    h('p', { class: 'champ__aide', id: `${P}-prestataire-aide` }, 'Choisir un professionnel est facultatif. Un bon lié à un professionnel ne vaut que chez lui.'),
    providerList);
  providerSet.setAttribute('aria-describedby', `${P}-prestataire-aide`);
  errors.register('provider', { label: 'Professionnel', wrapper: providerSet, focus: providerList.querySelector('input'), describe: providerSet, hints: [`${P}-prestataire-aide`], invalid: false, anchor: providerList });

  // Sessions
  const sessions = h('select', { id: `${P}-seances`, name: 'seances', class: 'champ__saisie champ__saisie--court', 'aria-describedby': `${P}-seances-aide` });
  const sessionsHint = h('p', { id: `${P}-seances-aide`, class: 'champ__aide' });
  const sessionsField = h('div', { class: 'champ' },
    h('label', { for: sessions.id, class: 'champ__libelle' }, 'Nombre de séances'), sessionsHint, sessions);
  errors.register('sessions', { label: 'Nombre de séances', wrapper: sessionsField, focus: sessions, describe: sessions, hints: [sessionsHint.id], anchor: sessions });

  // Income tier
  const tierList = h('div', { class: 'choix-liste' }, tiers.map((t) => h('div', { class: 'choix' },
    h('input', { type: 'radio', name: 'tranche', id: `${P}-tranche-${t.code}`, value: t.code, class: 'choix__bouton' }),
    h('label', { for: `${P}-tranche-${t.code}`, class: 'choix__libelle' }, `Tranche ${t.code} — ${t.label} : ${tierCostText(t)}`))));
  const tierSet = h('fieldset', { class: 'champ champ--groupe', id: `${P}-tranche`, 'aria-describedby': `${P}-tranche-aide` },
    h('legend', { class: 'champ__libelle' }, 'Votre tranche de revenus'),
    h('p', { id: `${P}-tranche-aide`, class: 'champ__aide' }, 'Selon votre quotient familial, qui figure sur vos attestations de la Caf ou de la MSA. Elle fixe votre participation à chaque séance.'),
    tierList);
  errors.register('tier', { label: 'Tranche de revenus', wrapper: tierSet, focus: tierList.querySelector('input'), describe: tierSet, hints: [`${P}-tranche-aide`], invalid: false, anchor: tierList });

  const costLine = h('p', { class: 'cout', id: `${P}-cout`, 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'bouton' }, 'Recevoir les bons');
  const form = h('form', { class: 'formulaire formulaire--long', novalidate: true, 'aria-labelledby': 'titre-demande' },
    summaryArea,
    h('p', {}, 'Un bon vaut une séance. Tous les champs sont obligatoires, sauf le professionnel.'),
    serviceSet, providerSet, pickerField, sessionsField, tierSet, costLine,
    h('div', { class: 'formulaire__actions' }, submit));

  const chosen = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value ?? null;

  function update() {
    const service = chosen('service');
    const left = service ? (remaining[service] ?? 0) : perService;
    const previous = Number(sessions.value) || 1;
    const max = Math.max(left, 1);
    sessions.replaceChildren(...Array.from({ length: max }, (_, i) => h('option', { value: String(i + 1), selected: i + 1 === Math.min(previous, max) }, String(i + 1))));
    if (!service) sessionsHint.textContent = `De 1 à ${perService} par service. Choisissez d’abord le service.`;
    else if (left === 0) sessionsHint.textContent = 'Vous avez déjà reçu toutes les séances prévues pour ce service : une nouvelle demande sera refusée.';
    else sessionsHint.textContent = `Il vous reste ${plural(left, 'séance', 'séances')} pour ce service.`;
    // The providers found for another service no longer fit.
    for (const option of providerList.querySelectorAll('.choix[data-service]')) {
      const fits = !service || option.dataset.service === service;
      option.hidden = !fits;
      const input = option.querySelector('input');
      if (!fits && input.checked) noneOption.querySelector('input').checked = true;
    }
    const tier = tiers.find((t) => t.code === chosen('tranche'));
    const tariff = service ? tariffs[service] : null;
    if (service && typeof tariff === 'number') {
      const count = Number(sessions.value) || 1;
      costLine.replaceChildren(
        h('strong', {}, `Une séance ${sessionOf(service)} coûte ${formatEuros(tariff)}. `),
        tier
          ? (tier.coPaymentCents > 0
            ? `Avec la tranche ${tier.code}, vous payez ${formatEuros(tier.coPaymentCents)} par séance au professionnel (${formatEuros(tier.coPaymentCents * count)} pour ${plural(count, 'séance', 'séances')}) ; le programme paie le reste.`
            : `Avec la tranche ${tier.code}, vous ne payez rien : le programme paie la séance.`)
          : 'Choisissez votre tranche de revenus pour voir ce qu’il vous reste à payer.');
    } else {
      costLine.textContent = '';
    }
  }
  form.addEventListener('change', update);

  // The postal code the parent searched near, once the directory knew it: sent with the request,
  // it places the vouchers in the parent's department for the coordination (never an address).
  let searchedPostalCode = null;
  async function findProviders() {
    const code = pickerInput.value.replace(/\s+/g, '');
    const service = chosen('service');
    pickerField.classList.remove('champ--erreur');
    pickerInput.removeAttribute('aria-invalid');
    if (!service) {
      pickerStatus.textContent = 'Choisissez d’abord le service.';
      return;
    }
    if (!/^\d{4,5}$/.test(code)) {
      pickerStatus.textContent = 'Erreur : saisissez un code postal de cinq chiffres (France) ou quatre (Belgique).';
      pickerField.classList.add('champ--erreur');
      pickerInput.setAttribute('aria-invalid', 'true');
      pickerInput.focus();
      return;
    }
    pickerButton.setAttribute('aria-disabled', 'true');
    pickerStatus.textContent = 'Recherche en cours…';
    try {
      const page = await getJson('/api/providers', {
        query: { postalCode: code, country: code.length === 4 ? 'BE' : 'FR', service, limit: PICKER_LIMIT }, signal: context.signal,
      });
      if (context.signal.aborted) return;
      searchedPostalCode = code;
      for (const option of [...providerList.querySelectorAll('.choix--trouve')]) {
        if (!option.querySelector('input').checked) {
          candidates.delete(option.querySelector('input').value);
          option.remove();
        }
      }
      const found = Array.isArray(page.providers) ? page.providers : [];
      for (const listing of found) addProvider(listing, { picked: true });
      const name = serviceByCode(service)?.plural || 'professionnels';
      pickerStatus.textContent = found.length
        ? `${plural(found.length, 'professionnel trouvé', 'professionnels trouvés')} près de ${code} : choisissez-le dans la liste « Chez quel professionnel ? ».`
        : `Aucun professionnel agréé (${name}) près de ${code} pour l’instant : le bon vaudra chez tout professionnel agréé.`;
      update();
      if (found.length) providerList.querySelector('.choix--trouve input')?.focus();
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      const problem = asProblem(error, 'La recherche n’a pas abouti.');
      pickerStatus.textContent = `Erreur : ${problem.detail || problem.title}`;
      pickerField.classList.add('champ--erreur');
      pickerInput.setAttribute('aria-invalid', 'true');
    } finally {
      pickerButton.removeAttribute('aria-disabled');
    }
  }
  pickerButton.addEventListener('click', () => {
    if (pickerButton.getAttribute('aria-disabled') !== 'true') findProviders();
  });
  pickerInput.addEventListener('keydown', (event) => {
    // Enter searches the providers, not submit the request.
    if (event.key === 'Enter') {
      event.preventDefault();
      if (pickerButton.getAttribute('aria-disabled') !== 'true') findProviders();
    }
  });

  const POINTERS = { '#/service': 'service', '#/providerId': 'provider', '#/sessions': 'sessions', '#/incomeTier': 'tier' };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.getAttribute('aria-disabled') === 'true') return;
    const service = chosen('service');
    const tier = chosen('tranche');
    const early = [];
    if (!service) early.push({ key: 'service', detail: 'Choisissez le service : psychologue, médiation familiale, avocat ou assistant de service social.' });
    if (!tier) early.push({ key: 'tier', detail: 'Choisissez votre tranche de revenus : elle fixe votre participation.' });
    if (early.length) {
      errors.show('Il y a un problème', errors.countText(early), early);
      return;
    }
    const providerId = chosen('prestataire');
    const body = { service, sessions: Number(sessions.value) || 1, incomeTier: tier };
    if (providerId) body.providerId = providerId;
    if (searchedPostalCode) body.postalCode = searchedPostalCode;
    errors.clear();
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = 'Envoi en cours…';
    context.announce('Envoi en cours…');
    try {
      const minted = await postJson('/api/vouchers', body, { signal: context.signal });
      if (context.signal.aborted) return;
      await onMinted(minted, body, candidates.get(providerId));
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      if (isSignInProblem(error)) {
        summaryArea.replaceChildren(signInInvite({ reason: 'expired' }));
        focusElement(summaryArea.querySelector('h2'));
        return;
      }
      const problem = asProblem(error, 'Les bons n’ont pas pu être remis. Réessayez plus tard.');
      if (problem.is('quota-exhausted')) {
        // The clearest words are the problem's own detail: show them by the field too.
        errors.show(problem.title, problem.detail, [{ key: 'sessions', detail: problem.detail }]);
      } else if (problem.is('provider-unavailable')) {
        errors.show(problem.title, null, [{ key: 'provider', detail: problem.detail }]);
      } else if (problem.fieldErrors.length) {
        const all = problem.fieldErrors.map((e) => ({ key: POINTERS[e.pointer] || null, detail: e.detail }));
        errors.show(problem.title, errors.countText(all), all);
      } else {
        errors.showProblem(problem);
      }
    } finally {
      submit.removeAttribute('aria-disabled');
      submit.textContent = 'Recevoir les bons';
    }
  });

  update();
  return h('section', { class: 'bloc', 'aria-labelledby': 'titre-demande' },
    h('h2', { id: 'titre-demande', class: 'bloc__titre', tabindex: '-1' }, 'Demander des bons'),
    tiers.length ? form : problemBox(new ApiProblem({ title: 'Demande indisponible', detail: 'Les règles du programme n’ont pas pu être lues : réessayez plus tard.' })));
}

// --- The page ----------------------------------------------------------------------------------

async function show(container, params, context, notice) {
  const [walletResult, rulesResult, presetResult] = await Promise.allSettled([
    getJson('/api/vouchers', { signal: context.signal }),
    getJson('/api/programme/rules', { signal: context.signal }),
    params.prestataire ? getJson(`/api/providers/${encodeURIComponent(params.prestataire)}`, { signal: context.signal }) : Promise.resolve(null),
  ]);
  if (context.signal.aborted) return;
  const heading = h('h1', {}, TITLE);
  if (walletResult.status === 'rejected') {
    if (walletResult.reason?.name === 'AbortError') return;
    container.replaceChildren(heading, isSignInProblem(walletResult.reason)
      ? signInInvite({ reason: 'expired' })
      : problemBox(asProblem(walletResult.reason, 'Vos bons n’ont pas pu s’afficher. Réessayez plus tard.')));
    return;
  }
  const wallet = walletResult.value;
  const rules = rulesResult.status === 'fulfilled' ? rulesResult.value?.inForce : null;
  const preset = presetResult.status === 'fulfilled' ? presetResult.value : null;

  let noticeBox = null;
  if (notice?.text) {
    noticeBox = h('div', { class: 'succes', role: 'status', tabindex: '-1' }, h('p', {}, notice.text));
  }
  const presetNotice = params.prestataire && !preset
    ? h('div', { class: 'avis', role: 'note' }, h('p', {}, 'Le professionnel choisi n’est plus dans l’annuaire : choisissez-en un autre, ou aucun.'))
    : null;

  const onReturn = async (voucher, problemArea) => {
    try {
      await postJson(`/api/vouchers/${encodeURIComponent(voucher.id)}/return`, undefined, { signal: context.signal });
      if (context.signal.aborted) return true;
      await show(container, params, context, {
        text: `Le bon ${voucher.code} est rendu : la séance ${sessionOf(voucher.service?.code)} est de nouveau disponible.`,
      });
      return true;
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return true;
      const box = isSignInProblem(error) ? signInInvite({ reason: 'expired', headingLevel: 4 })
        : problemBox(asProblem(error, 'Le bon n’a pas été rendu. Réessayez.'), { headingLevel: 4 });
      problemArea.replaceChildren(box);
      focusElement(box.querySelector('h4'));
      return false;
    }
  };

  const onMinted = async (minted, body, provider) => {
    const count = Array.isArray(minted.vouchers) ? minted.vouchers.length : body.sessions;
    const where = provider ? `, chez ${provider.displayName}` : '';
    await show(container, { ...params, service: body.service }, context, {
      text: `${count > 1 ? `${count} bons ont été ajoutés` : 'Un bon a été ajouté'} pour des séances ${sessionOf(body.service)}${where}. Imprimez-les, ou montrez-les sur votre téléphone au professionnel.`,
    });
  };

  const form = requestForm({ wallet, rules, preset, params, context, onMinted });
  container.replaceChildren(...[
    heading,
    h('p', { class: 'introduction' }, 'Chaque bon vaut une séance chez un professionnel agréé par le programme. Montrez-le (imprimé ou sur votre téléphone) : le professionnel le vérifie, et vous ne payez que votre participation.'),
    noticeBox,
    presetNotice,
    walletSection(wallet, rules, onReturn),
    form,
  ].filter(Boolean));
  if (noticeBox) focusElement(noticeBox);
  else if (!context.initial && (params.service || params.prestataire)) focusElement(form.querySelector('h2'));
}

export default {
  path: '/bons',
  title: TITLE,
  navLabel: 'Mes bons',
  roles: ['parent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'parent', 'parents')) return;
    container.append(h('p', { class: 'chargement', role: 'status' }, 'Chargement de vos bons…'));
    await show(container, params, context, null);
  },
};
