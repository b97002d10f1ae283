// The provider's application form: used to apply (POST /api/providers/applications) and to
// correct a record (PUT /api/providers/me, prefilled except the IBAN, which is never sent back).
//
// Errors follow the GOV.UK pattern: each message next to its field (aria-invalid,
// aria-describedby) and a summary at the top, focused, linking to the fields. The API says
// everything to fix at once, each error with the JSON pointer of its field.

import { getJson, postJson, putJson, ApiProblem, isSignInProblem } from './api.js';
import { h, focusElement, problemBox } from './dom.js';
import { hrefFor } from './router.js';
import { languageName, plural } from './format.js';
import { signInInvite } from './access.js';
import { SERVICES, CREDENTIALS, CHARTER_VERSION, CHARTER_COMMITMENTS, PUBLISHABLE, serviceByCode } from './providers.js';

const COUNTRIES = {
  FR: {
    label: 'France', digits: 5, example: '75018', placeLabel: 'Commune',
    areaHint: 'Codes des départements que vous couvrez en entier, séparés par des virgules, par exemple : 75, 93 (2A et 2B pour la Corse, 971 à 976 outre-mer).',
  },
  BE: {
    label: 'Belgique', digits: 4, example: '1000', placeLabel: 'Localité',
    areaHint: 'Codes des provinces que vous couvrez en entier, séparés par des virgules : BRU (Bruxelles), VAN (Anvers), VBR (Brabant flamand), VLI (Limbourg), VOV (Flandre-Orientale), VWV (Flandre-Occidentale), WBR (Brabant wallon), WHT (Hainaut), WLG (Liège), WLX (Luxembourg), WNA (Namur).',
  },
};

const LANGUAGES = ['fr', 'nl', 'de', 'en', 'es', 'it', 'pt', 'ar', 'tr', 'pl', 'ro', 'ru', 'uk', 'zh'];

const P = 'pf'; // id prefix of the form's elements

/** Splits "75, 93 ; 2A" → ["75", "93", "2A"]. */
function codeList(text) {
  return String(text || '').split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean);
}

function errorParagraph(id, messages) {
  return h('div', { id, class: 'champ__erreurs' },
    messages.map((m) => h('p', { class: 'champ__erreur' }, h('span', { class: 'visuellement-cache' }, 'Erreur : '), m)));
}

/**
 * Builds the form.
 * @param {object} options
 * @param {object|null} options.record  the provider's record to correct, or null to apply
 * @param {object} options.context      the page's router context
 * @param {string} options.pageTitle    the page title, prefixed with « Erreur : » while errors show
 * @param {(record: object) => void} options.onSaved  called with the saved record
 * @param {number} [options.headingLevel] level of the summary heading (2)
 */
export function applicationForm({ record = null, context, pageTitle, onSaved, headingLevel = 2 }) {
  const editing = Boolean(record);
  /** key → { label, wrapper, focus, describe: element carrying aria-describedby, hints: [ids], invalid: [elements] } */
  const fields = new Map();

  function register(key, spec) {
    fields.set(key, { hints: [], invalid: [], ...spec });
    return spec.wrapper;
  }

  function textField(key, { label, hint, type = 'text', attributes = {}, suffix }) {
    const id = `${P}-${key}`;
    const input = h('input', { id, name: key, type, class: 'champ__saisie', ...attributes });
    const hintId = hint ? `${id}-aide` : null;
    const wrapper = h('div', { class: 'champ' },
      h('label', { for: id, class: 'champ__libelle' }, label),
      hint ? h('p', { id: hintId, class: 'champ__aide' }, hint) : null,
      suffix ? h('div', { class: 'champ__avec-unite' }, input, h('span', { class: 'champ__unite', 'aria-hidden': 'true' }, suffix)) : input);
    register(key, { label, wrapper, focus: input, describe: input, hints: hintId ? [hintId] : [], invalid: [input], input, anchor: input.parentElement === wrapper ? input : input.parentElement });
    if (hintId) input.setAttribute('aria-describedby', hintId);
    return { wrapper, input };
  }

  function radioGroup(key, { legend, hint, name = key, options, className = '' }) {
    const id = `${P}-${key}`;
    const hintId = hint ? `${id}-aide` : null;
    const list = h('div', { class: 'choix-liste' });
    const fieldset = h('fieldset', { class: `champ champ--groupe ${className}`.trim(), id, 'aria-describedby': hintId },
      h('legend', { class: 'champ__libelle' }, legend),
      hint ? h('p', { id: hintId, class: 'champ__aide' }, hint) : null,
      list);
    const spec = { label: legend, wrapper: fieldset, focus: null, describe: fieldset, hints: hintId ? [hintId] : [], invalid: [], list, anchor: list };
    register(key, spec);
    const setOptions = (opts, checkedValue) => {
      list.replaceChildren(...opts.map((o) => h('div', { class: 'choix' },
        h('input', { type: o.type || 'radio', name, id: `${id}-${o.value}`, value: o.value, checked: o.value === checkedValue, class: 'choix__bouton' }),
        h('label', { for: `${id}-${o.value}`, class: 'choix__libelle' }, o.label))));
      spec.focus = list.querySelector('input');
    };
    setOptions(options || [], null);
    return { fieldset, list, setOptions };
  }

  function checkbox(key, { label, checked = false, value = 'oui' }) {
    const id = `${P}-${key}`;
    const input = h('input', { type: 'checkbox', id, name: key, value, checked, class: 'choix__bouton' });
    const line = h('div', { class: 'choix' }, input, h('label', { for: id, class: 'choix__libelle' }, label));
    const wrapper = h('div', { class: 'champ champ--case' }, line);
    register(key, { label, wrapper, focus: input, describe: input, hints: [], invalid: [input], input, anchor: line });
    return { wrapper, input };
  }

  // --- Identité et profession ---------------------------------------------------------------
  const name = textField('nom', {
    label: 'Nom affiché dans l’annuaire',
    hint: 'Votre nom, ou celui de votre cabinet, tel que les parents le verront.',
    attributes: { autocomplete: 'name', maxlength: '120', spellcheck: 'false' },
  });
  const profession = radioGroup('profession', {
    legend: 'Profession',
    options: SERVICES.map((s) => ({ value: s.code, label: s.label })),
  });

  // --- Inscription ou diplôme ---------------------------------------------------------------
  const kind = radioGroup('type', { legend: 'Type d’inscription ou de diplôme', name: 'type', className: 'champ--imbrique' });
  const singleKind = h('p', { class: 'champ__aide', id: `${P}-type-unique` });
  const number = textField('numero', { label: 'Numéro', hint: ' ', attributes: { autocomplete: 'off', spellcheck: 'false', maxlength: '30' } });
  const issuer = textField('emetteur', { label: 'Établissement', hint: ' ', attributes: { autocomplete: 'off', maxlength: '120' } });
  const year = textField('annee', {
    label: 'Année d’obtention', hint: 'Quatre chiffres, par exemple 2012.',
    attributes: { inputmode: 'numeric', autocomplete: 'off', maxlength: '4', class: 'champ__saisie champ__saisie--court' },
  });
  const choosePrompt = h('p', { class: 'champ__aide', id: `${P}-inscription-invite` }, 'Choisissez d’abord votre profession.');
  const credentialFieldset = h('fieldset', { class: 'formulaire__partie' },
    h('legend', { class: 'formulaire__legende' }, 'Inscription ou diplôme'),
    choosePrompt, singleKind, kind.fieldset, number.wrapper, issuer.wrapper, year.wrapper);

  // --- Adresse du cabinet -------------------------------------------------------------------
  const country = radioGroup('pays', {
    legend: 'Pays du cabinet',
    options: Object.entries(COUNTRIES).map(([code, c]) => ({ value: code, label: c.label })),
    className: 'champ--en-ligne',
  });
  const street = textField('rue', {
    label: 'Numéro et rue', hint: 'Par exemple : 12 rue Ordener.',
    attributes: { autocomplete: 'address-line1', maxlength: '200' },
  });
  const postal = textField('cp', {
    label: 'Code postal', hint: 'Cinq chiffres en France, quatre en Belgique.',
    attributes: { inputmode: 'numeric', autocomplete: 'postal-code', maxlength: '6', spellcheck: 'false', class: 'champ__saisie champ__saisie--court' },
  });
  const lookupStatus = h('p', { id: `${P}-lieu-statut`, class: 'champ__aide', 'aria-live': 'polite' });
  function placeSelect(key, label) {
    const id = `${P}-${key}`;
    const select = h('select', { id, name: key, class: 'champ__saisie', 'aria-describedby': `${P}-lieu-statut` });
    const wrapper = h('div', { class: 'champ' }, h('label', { for: id, class: 'champ__libelle' }, label), select);
    register(key, { label, wrapper, focus: select, describe: select, hints: [`${P}-lieu-statut`], invalid: [select], input: select, anchor: select });
    return { wrapper, select };
  }
  const commune = placeSelect('commune', 'Commune');
  const locality = placeSelect('localite', 'Localité');
  const addressFieldset = h('fieldset', { class: 'formulaire__partie' },
    h('legend', { class: 'formulaire__legende' }, 'Adresse du cabinet'),
    country.fieldset, street.wrapper, postal.wrapper, lookupStatus, commune.wrapper, locality.wrapper);

  // --- Zone ---------------------------------------------------------------------------------
  const radius = textField('rayon', {
    label: 'Rayon autour du cabinet',
    hint: 'En kilomètres, de 0 à 100. Les parents qui habitent dans ce rayon vous trouvent.',
    suffix: 'km',
    attributes: { inputmode: 'numeric', autocomplete: 'off', maxlength: '3', class: 'champ__saisie champ__saisie--court' },
  });
  const departments = textField('departements', {
    label: 'Départements ou provinces couverts en entier (facultatif)', hint: COUNTRIES.FR.areaHint,
    attributes: { autocomplete: 'off', spellcheck: 'false', maxlength: '200' },
  });
  const zoneHintId = `${P}-zone-aide`;
  const zoneFieldset = h('fieldset', { class: 'formulaire__partie', id: `${P}-zone`, 'aria-describedby': zoneHintId },
    h('legend', { class: 'formulaire__legende' }, 'Où recevez-vous les parents ?'),
    h('p', { class: 'champ__aide', id: zoneHintId }, 'Un rayon autour du cabinet, des départements (ou provinces) entiers, ou les deux.'),
    radius.wrapper, departments.wrapper);
  register('zone', { label: 'Zone d’intervention', wrapper: zoneFieldset, focus: radius.input, describe: zoneFieldset, hints: [zoneHintId], invalid: [], anchor: radius.wrapper });

  // --- Accueil ------------------------------------------------------------------------------
  const languages = radioGroup('langues', {
    legend: 'Langues de consultation',
    hint: 'Cochez chaque langue dans laquelle vous pouvez recevoir.',
    options: LANGUAGES.map((code) => ({ type: 'checkbox', value: code, label: languageName(code) })),
    className: 'champ--colonnes',
  });
  const otherLanguages = textField('langues-autres', {
    label: 'Autres langues (facultatif)',
    hint: 'Codes à deux lettres (ISO 639-1) séparés par des virgules, par exemple : wo, ln, vi.',
    attributes: { autocomplete: 'off', spellcheck: 'false', maxlength: '60' },
  });
  const remote = checkbox('distance', { label: 'Je propose des séances à distance (en visio)' });
  const wheelchair = checkbox('fauteuil', { label: 'Mon cabinet est accessible en fauteuil roulant' });
  const welcomeFieldset = h('fieldset', { class: 'formulaire__partie' },
    h('legend', { class: 'formulaire__legende' }, 'Accueil des parents'),
    languages.fieldset, otherLanguages.wrapper, remote.wrapper, wheelchair.wrapper);

  // --- Coordonnées --------------------------------------------------------------------------
  const phone = textField('tel', { label: 'Téléphone (facultatif)', hint: 'Par exemple : 01 23 45 67 89.', type: 'tel', attributes: { autocomplete: 'tel', maxlength: '20' } });
  const email = textField('courriel', { label: 'Adresse électronique (facultatif)', type: 'email', attributes: { autocomplete: 'email', maxlength: '254', spellcheck: 'false' } });
  const website = textField('site', { label: 'Site internet (facultatif)', hint: 'Commence par https://', type: 'url', attributes: { autocomplete: 'url', maxlength: '200', spellcheck: 'false' } });
  const published = radioGroup('publier', {
    legend: 'Ce que l’annuaire montre aux parents',
    hint: 'Rien de cela n’est publié sans votre accord. Votre nom, votre profession, votre commune, votre zone, vos langues et vos modalités d’accueil sont toujours visibles.',
    options: Object.entries(PUBLISHABLE).map(([value, label]) => ({ type: 'checkbox', value, label })),
  });
  const contactFieldset = h('fieldset', { class: 'formulaire__partie' },
    h('legend', { class: 'formulaire__legende' }, 'Coordonnées'),
    phone.wrapper, email.wrapper, website.wrapper, published.fieldset);

  // --- Compte bancaire ----------------------------------------------------------------------
  const ibanHint = editing
    ? `Pour votre sécurité, l’IBAN enregistré (${record.bankAccount?.iban || 'masqué'}) n’est jamais réaffiché : saisissez-le à nouveau. Les espaces sont acceptés.`
    : 'Le compte où le programme vous paiera, en zone SEPA. Les espaces sont acceptés.';
  const iban = textField('iban', { label: 'IBAN', hint: ibanHint, attributes: { autocomplete: 'off', spellcheck: 'false', maxlength: '42', class: 'champ__saisie champ__saisie--iban' } });
  const bic = textField('bic', { label: 'BIC', hint: '8 ou 11 caractères, par exemple AGRIFRPP.', attributes: { autocomplete: 'off', spellcheck: 'false', maxlength: '11', class: 'champ__saisie champ__saisie--court' } });
  // Once an account was reviewed, a new one is paid only after an agent checks it: say so, and
  // ask whether the reviewed account may still be paid meanwhile.
  const reviewed = editing ? record.bankDetails?.reviewed : null;
  const previousClosed = reviewed ? checkbox('ancien-compte-clos', {
    label: `Mon compte actuellement payé (${reviewed.iban}) est clos : ne plus y faire de virement (les virements attendront la vérification du nouveau compte)`,
    checked: Boolean(record.bankDetails?.pending?.previousAccountClosed),
  }) : null;
  const bankFieldset = h('fieldset', { class: 'formulaire__partie' },
    h('legend', { class: 'formulaire__legende' }, 'Compte bancaire'),
    reviewed ? h('div', { class: 'avis avis--info', role: 'note', 'data-bank-review-notice': '' },
      h('p', {}, h('strong', {}, 'Un nouveau compte est vérifié par un agent avant tout paiement. '),
        `D’ici là, vos remboursements continuent d’être versés sur le compte vérifié (${reviewed.iban}), sauf si vous le déclarez clos : ils attendent alors la vérification. Votre agrément et votre fiche ne changent pas.`)) : null,
    iban.wrapper, bic.wrapper, previousClosed?.wrapper);

  // --- Charte -------------------------------------------------------------------------------
  const charter = checkbox('charte', { label: 'J’ai lu et j’accepte la charte' });
  charter.input.required = true;
  const charterFieldset = h('fieldset', { class: 'formulaire__partie charte' },
    h('legend', { class: 'formulaire__legende' }, `Charte des prestataires (version ${CHARTER_VERSION})`),
    h('p', {}, 'En rejoignant le programme, je m’engage à :'),
    h('ol', { class: 'charte__engagements' }, CHARTER_COMMITMENTS.map((c) => h('li', {}, c))),
    charter.wrapper);

  // --- The form -----------------------------------------------------------------------------
  const summaryArea = h('div', { class: 'formulaire__resume' });
  const submitText = !editing ? 'Déposer ma candidature'
    : record.status === 'rejected' ? 'Corriger et redéposer' : 'Enregistrer les modifications';
  const submit = h('button', { type: 'submit', class: 'bouton' }, submitText);
  const form = h('form', { class: 'formulaire formulaire--long', novalidate: true, 'aria-label': editing ? 'Modifier mon dossier' : 'Candidature' },
    summaryArea,
    h('p', {}, 'Tous les champs sont obligatoires, sauf ceux marqués « facultatif ».'),
    h('fieldset', { class: 'formulaire__partie' },
      h('legend', { class: 'formulaire__legende' }, 'Identité et profession'),
      name.wrapper, profession.fieldset),
    credentialFieldset, addressFieldset, zoneFieldset, welcomeFieldset, contactFieldset, bankFieldset, charterFieldset,
    h('div', { class: 'formulaire__actions' }, submit));

  // --- Behaviour: credential fields follow the profession and the kind ------------------------
  const currentCountry = () => form.querySelector(`input[name="pays"]:checked`)?.value || 'FR';
  const currentProfession = () => form.querySelector(`input[name="profession"]:checked`)?.value || null;
  const currentKind = () => {
    const service = serviceByCode(currentProfession());
    if (!service) return null;
    if (service.kinds.length === 1) return service.kinds[0];
    return form.querySelector(`input[name="type"]:checked`)?.value || null;
  };

  function setHint(field, text) {
    const hint = field.wrapper.querySelector('.champ__aide');
    if (hint) hint.textContent = text || '';
  }

  function updateCredentialFields() {
    const kindCode = currentKind();
    const credential = CREDENTIALS[kindCode];
    const wanted = credential ? credential.fields : [];
    number.wrapper.hidden = !wanted.includes('number');
    issuer.wrapper.hidden = !wanted.includes('issuer');
    year.wrapper.hidden = !wanted.includes('year');
    if (!credential) return;
    number.wrapper.querySelector('label').textContent = credential.numberLabel || 'Numéro';
    fields.get('numero').label = credential.numberLabel || 'Numéro';
    setHint(number, credential.numberHint || '');
    number.input.inputMode = credential.numeric ? 'numeric' : 'text';
    issuer.wrapper.querySelector('label').textContent = credential.issuerLabel || 'Établissement';
    fields.get('emetteur').label = credential.issuerLabel || 'Établissement';
    setHint(issuer, credential.issuerHint || '');
    setHint(year, credential.yearHint ? `Quatre chiffres. ${credential.yearHint}` : 'Quatre chiffres, par exemple 2012.');
  }

  function updateKinds(preferred) {
    const service = serviceByCode(currentProfession());
    choosePrompt.hidden = Boolean(service);
    if (!service) {
      kind.fieldset.hidden = true;
      singleKind.hidden = true;
      updateCredentialFields();
      return;
    }
    if (service.kinds.length === 1) {
      kind.fieldset.hidden = true;
      singleKind.hidden = false;
      singleKind.textContent = `Inscription attendue : ${CREDENTIALS[service.kinds[0]].long}.`;
    } else {
      kind.fieldset.hidden = false;
      singleKind.hidden = true;
      // Keep the kind asked for (edit mode) or already chosen, unless it belongs to the other country.
      const previous = preferred || form.querySelector(`input[name="type"]:checked`)?.value;
      const fits = (k) => service.kinds.includes(k) && (preferred === k || !CREDENTIALS[k].country || CREDENTIALS[k].country === currentCountry());
      const byCountry = service.kinds.find((k) => CREDENTIALS[k].country === currentCountry()) || service.kinds[0];
      const checked = fits(previous) ? previous : byCountry;
      kind.setOptions(service.kinds.map((k) => ({ value: k, label: CREDENTIALS[k].label })), checked);
    }
    updateCredentialFields();
  }

  // --- Behaviour: postal code → communes (France) or localities (Belgium) ---------------------
  let lookupSeq = 0;
  let lookupTimer = null;
  let wantedPlace = null; // the commune code / locality to select once the list arrives (edit mode)

  function placeFor(countryCode) {
    return countryCode === 'BE' ? locality : commune;
  }

  function resetPlaces(message) {
    for (const p of [commune, locality]) {
      p.select.replaceChildren(h('option', { value: '' }, message));
    }
  }

  function updateCountry() {
    const c = currentCountry();
    commune.wrapper.hidden = c !== 'FR';
    locality.wrapper.hidden = c !== 'BE';
    setHint(postal, c === 'BE' ? 'Quatre chiffres, par exemple 1000.' : 'Cinq chiffres, par exemple 75018.');
    setHint(departments, COUNTRIES[c].areaHint);
  }

  // The lookup in flight, if any: a form sent before the communes arrive (a slow phone, the
  // record being edited) waits for them instead of being told to choose a commune.
  let placesLookup = Promise.resolve();

  function lookupPlaces() {
    placesLookup = lookupPlacesNow();
    return placesLookup;
  }

  async function lookupPlacesNow() {
    window.clearTimeout(lookupTimer);
    const c = currentCountry();
    const code = postal.input.value.replace(/\s+/g, '');
    const seq = ++lookupSeq;
    const digits = COUNTRIES[c].digits;
    if (!new RegExp(`^\\d{${digits}}$`).test(code)) {
      resetPlaces('Saisissez d’abord le code postal');
      lookupStatus.textContent = '';
      return;
    }
    lookupStatus.textContent = 'Recherche des communes du code postal…';
    try {
      const place = await getJson(`/api/postal-codes/${encodeURIComponent(code)}`, { query: { country: c }, signal: context.signal });
      if (seq !== lookupSeq || context.signal.aborted) return;
      const items = (Array.isArray(place.communes) ? place.communes : [])
        .map((x) => (c === 'FR' ? { value: x.code, label: x.name } : { value: x.name, label: x.name }))
        .filter((x) => x.value);
      const target = placeFor(c);
      const previous = wantedPlace ?? target.select.value;
      const options = items.map((x) => h('option', { value: x.value }, x.label));
      if (items.length !== 1) options.unshift(h('option', { value: '' }, c === 'FR' ? 'Choisissez votre commune' : 'Choisissez votre localité'));
      target.select.replaceChildren(...options);
      if (previous && items.some((x) => x.value === previous)) target.select.value = previous;
      wantedPlace = null;
      if (fields.get('cp').lookupError) clearField('cp');
      const word = c === 'FR' ? ['commune', 'communes'] : ['localité', 'localités'];
      lookupStatus.textContent = items.length === 1
        ? `${c === 'FR' ? 'Commune' : 'Localité'} du code postal ${code} : ${items[0].label}.`
        : `${plural(items.length, word[0], word[1])} pour le code postal ${code} : choisissez la vôtre.`;
    } catch (error) {
      if (error?.name === 'AbortError' || seq !== lookupSeq || context.signal.aborted) return;
      resetPlaces('Saisissez d’abord le code postal');
      lookupStatus.textContent = '';
      const problem = error instanceof ApiProblem ? error : null;
      showFieldErrors('cp', [problem?.detail || 'Ce code postal n’a pas pu être vérifié.']);
      fields.get('cp').lookupError = true;
    }
  }

  postal.input.addEventListener('input', () => {
    window.clearTimeout(lookupTimer);
    const code = postal.input.value.replace(/\s+/g, '');
    if (new RegExp(`^\\d{${COUNTRIES[currentCountry()].digits}}$`).test(code)) lookupTimer = window.setTimeout(lookupPlaces, 250);
    else if (code.length === 0) lookupPlaces();
  });
  postal.input.addEventListener('change', lookupPlaces);

  form.addEventListener('change', (event) => {
    if (event.target.name === 'profession') updateKinds();
    else if (event.target.name === 'type') updateCredentialFields();
    else if (event.target.name === 'pays') {
      updateCountry();
      if (currentProfession()) updateKinds();
      lookupPlaces();
    }
  });

  // --- Errors -------------------------------------------------------------------------------
  function clearField(key) {
    const field = fields.get(key);
    if (!field) return;
    field.lookupError = false;
    field.wrapper.classList.remove('champ--erreur');
    field.wrapper.querySelector(`#${P}-${key}-erreur`)?.remove();
    for (const el of field.invalid) el.removeAttribute('aria-invalid');
    if (field.describe) {
      if (field.hints.length) field.describe.setAttribute('aria-describedby', field.hints.join(' '));
      else field.describe.removeAttribute('aria-describedby');
    }
  }

  function showFieldErrors(key, messages) {
    const field = fields.get(key);
    if (!field) return;
    clearField(key);
    const errorId = `${P}-${key}-erreur`;
    const box = errorParagraph(errorId, messages);
    // GOV.UK order: label (or legend), hint, error, then the input(s).
    field.anchor.before(box);
    field.wrapper.classList.add('champ--erreur');
    for (const el of field.invalid) el.setAttribute('aria-invalid', 'true');
    field.describe?.setAttribute('aria-describedby', [...field.hints, errorId].join(' '));
  }

  function clearAllErrors() {
    for (const key of fields.keys()) clearField(key);
    summaryArea.replaceChildren();
    context.setTitle(pageTitle);
  }

  /** The field a JSON pointer of the API is about. */
  function fieldFor(pointer, payload) {
    const parts = String(pointer).replace(/^#\/?/, '').split('/');
    const [head, sub, index] = parts;
    switch (head) {
      case 'displayName': return 'nom';
      case 'profession': return 'profession';
      case 'credential':
        if (sub === 'number') return 'numero';
        if (sub === 'issuer') return 'emetteur';
        if (sub === 'year') return 'annee';
        return kind.fieldset.hidden ? 'profession' : 'type';
      case 'address':
        if (sub === 'street' || !sub) return 'rue';
        if (sub === 'postalCode') return 'cp';
        if (sub === 'communeCode') return 'commune';
        if (sub === 'locality') return 'localite';
        if (sub === 'country') return 'pays';
        return 'rue';
      case 'area':
        if (sub === 'radiusKm') return 'rayon';
        if (sub === 'departments') return 'departements';
        return 'zone';
      case 'languages': {
        const checked = form.querySelectorAll('input[name="langues"]:checked').length;
        return sub !== undefined && Number(sub) >= checked ? 'langues-autres' : 'langues';
      }
      case 'contact':
        if (sub === 'phone') return 'tel';
        if (sub === 'email') return 'courriel';
        if (sub === 'website') return 'site';
        if (sub === 'published') {
          // "Pour publier ce moyen de contact, renseignez-le" is about the missing contact.
          const what = payload?.contact?.published?.[Number(index)];
          return { phone: 'tel', email: 'courriel', website: 'site' }[what] || 'publier';
        }
        return 'tel';
      case 'bankAccount': return sub === 'bic' ? 'bic' : 'iban';
      case 'charter': return 'charte';
      default: return null;
    }
  }

  /**
   * Shows errors [{ detail, pointer }] next to their fields and in a summary; focuses it.
   * @param {string} title   summary heading
   * @param {string} [detail] a sentence under the heading
   */
  function showErrors(title, detail, errors, payload) {
    const byField = new Map();
    const unplaced = [];
    for (const e of errors) {
      const key = e.key || fieldFor(e.pointer, payload);
      if (key && fields.has(key) && !fields.get(key).wrapper.hidden && !fields.get(key).wrapper.closest('[hidden]')) {
        if (!byField.has(key)) byField.set(key, []);
        if (!byField.get(key).includes(e.detail)) byField.get(key).push(e.detail);
      } else {
        unplaced.push(e.detail);
      }
    }
    // Summary in the order of the form, as the reader will meet the fields.
    const order = [...fields.keys()];
    const keys = [...byField.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const key of keys) showFieldErrors(key, byField.get(key));

    const items = [];
    for (const key of keys) {
      const field = fields.get(key);
      const targetId = field.focus?.id || field.wrapper.id;
      for (const message of byField.get(key)) {
        items.push(h('li', {}, h('a', {
          href: `#${targetId}`,
          onclick(event) {
            event.preventDefault();
            const target = fields.get(key).focus || fields.get(key).wrapper;
            const label = fields.get(key).wrapper.querySelector('legend, label') || target;
            target.focus({ preventScroll: true });
            label.scrollIntoView({ block: 'center' });
          },
        }, `${fields.get(key).label} : ${message}`)));
      }
    }
    for (const message of unplaced) items.push(h('li', {}, message));

    const summary = h('div', { class: 'resume-erreurs', tabindex: '-1', 'aria-labelledby': `${P}-resume-titre` },
      h('div', { role: 'alert' },
        h(`h${headingLevel}`, { id: `${P}-resume-titre`, class: 'resume-erreurs__titre' }, title),
        detail ? h('p', {}, detail) : null,
        items.length ? h('ul', { class: 'resume-erreurs__liste' }, items) : null));
    summaryArea.replaceChildren(summary);
    context.setTitle(`Erreur : ${pageTitle}`);
    focusElement(summary);
  }

  function showProblem(problem, extra) {
    const box = problemBox(problem, { headingLevel });
    if (extra) box.append(extra);
    summaryArea.replaceChildren(box);
    context.setTitle(`Erreur : ${pageTitle}`);
    focusElement(box.querySelector(`h${headingLevel}`));
  }

  // --- Reading the form ---------------------------------------------------------------------
  function payload() {
    const c = currentCountry();
    const kindCode = currentKind();
    const wanted = CREDENTIALS[kindCode]?.fields || [];
    const value = (input) => input.value.trim();
    const orNull = (text) => (text === '' ? null : text);
    const radiusText = value(radius.input);
    const yearText = value(year.input);
    const checkedLanguages = [...form.querySelectorAll('input[name="langues"]:checked')].map((i) => i.value);
    return {
      displayName: value(name.input),
      profession: currentProfession(),
      credential: kindCode ? {
        kind: kindCode,
        number: wanted.includes('number') ? orNull(value(number.input)) : null,
        issuer: wanted.includes('issuer') ? orNull(value(issuer.input)) : null,
        year: wanted.includes('year') && /^\d{4}$/.test(yearText) ? Number(yearText) : null,
      } : null,
      address: {
        street: value(street.input),
        postalCode: value(postal.input).replace(/\s+/g, ''),
        communeCode: c === 'FR' ? orNull(commune.select.value) : null,
        locality: c === 'BE' ? orNull(locality.select.value) : null,
        country: c,
      },
      area: {
        radiusKm: /^\d{1,3}$/.test(radiusText) ? Number(radiusText) : 0,
        departments: codeList(departments.input.value).map((d) => d.toUpperCase()),
      },
      languages: [...checkedLanguages, ...codeList(otherLanguages.input.value).map((l) => l.toLowerCase())
        .filter((l) => !checkedLanguages.includes(l))],
      remoteSessions: remote.input.checked,
      wheelchairAccessible: wheelchair.input.checked,
      contact: {
        phone: orNull(value(phone.input)),
        email: orNull(value(email.input)),
        website: orNull(value(website.input)),
        published: [...form.querySelectorAll('input[name="publier"]:checked')].map((i) => i.value),
      },
      bankAccount: {
        iban: value(iban.input),
        bic: value(bic.input).replace(/\s+/g, '').toUpperCase(),
        ...(previousClosed ? { previousAccountClosed: previousClosed.input.checked } : {}),
      },
      charter: { version: CHARTER_VERSION, accepted: charter.input.checked },
    };
  }

  /** What the browser can tell before asking the API (the API checks everything else). */
  function clientErrors() {
    const errors = [];
    if (!currentProfession()) errors.push({ key: 'profession', detail: 'Choisissez votre profession.' });
    const radiusText = radius.input.value.trim();
    if (radiusText !== '' && !/^\d{1,3}$/.test(radiusText)) {
      errors.push({ key: 'rayon', detail: 'Le rayon s’écrit en kilomètres, avec un nombre entier de 0 à 100.' });
    }
    const yearText = year.input.value.trim();
    if (!year.wrapper.hidden && yearText !== '' && !/^\d{4}$/.test(yearText)) {
      errors.push({ key: 'annee', detail: 'L’année s’écrit avec quatre chiffres, par exemple 2012.' });
    }
    return errors;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.getAttribute('aria-disabled') === 'true') return;
    submit.setAttribute('aria-disabled', 'true'); // one submission while the communes arrive
    await placesLookup;
    submit.removeAttribute('aria-disabled');
    if (context.signal.aborted) return;
    clearAllErrors();
    const early = clientErrors();
    // A malformed number cannot be sent as such: say it first. A missing profession is also
    // refused by the API, which then says everything else to fix: ask it, and merge.
    if (early.some((e) => e.key !== 'profession')) {
      showErrors('Il y a un problème', early.length === 1 ? 'Un champ est à corriger.' : `${early.length} champs sont à corriger.`, early);
      return;
    }
    const body = payload();
    submit.setAttribute('aria-disabled', 'true');
    const label = submit.textContent;
    submit.textContent = 'Envoi en cours…';
    context.announce('Envoi en cours…');
    try {
      const saved = editing
        ? await putJson('/api/providers/me', body, { signal: context.signal })
        : await postJson('/api/providers/applications', body, { signal: context.signal });
      if (context.signal.aborted) return;
      onSaved(saved, record);
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      if (isSignInProblem(error)) {
        summaryArea.replaceChildren(signInInvite({ reason: 'expired', headingLevel }));
        context.setTitle(`Erreur : ${pageTitle}`);
        focusElement(summaryArea.querySelector(`h${headingLevel}`));
        return;
      }
      const problem = error instanceof ApiProblem ? error
        : new ApiProblem({ title: 'Une erreur est survenue', detail: 'L’envoi n’a pas abouti. Réessayez plus tard.' });
      if (problem.fieldErrors.length || early.length) {
        const mine = new Set(early.map((e) => e.key));
        const theirs = problem.fieldErrors.filter((e) => !mine.has(fieldFor(e.pointer, body)));
        const all = [...early, ...theirs];
        const detail = problem.fieldErrors.length ? (all.length === 1 ? 'Un champ est à corriger.' : `${all.length} champs sont à corriger.`) : problem.detail;
        showErrors(problem.fieldErrors.length ? problem.title : 'Il y a un problème', detail, all, body);
      } else if (problem.is('already-applied')) {
        showProblem(problem, h('p', {}, h('a', { href: hrefFor('/prestataire') }, 'Voir mon dossier')));
      } else {
        showProblem(problem);
      }
    } finally {
      submit.removeAttribute('aria-disabled');
      submit.textContent = label;
    }
  });

  // --- Initial state ------------------------------------------------------------------------
  const initialCountry = record?.address?.country === 'BE' ? 'BE' : 'FR';
  form.querySelector(`#${P}-pays-${initialCountry}`).checked = true;
  resetPlaces('Saisissez d’abord le code postal');
  if (record) {
    const c = record.credential || {};
    name.input.value = record.displayName || '';
    const professionInput = form.querySelector(`#${P}-profession-${record.service?.code}`);
    if (professionInput) professionInput.checked = true;
    updateCountry();
    updateKinds(c.kind);
    number.input.value = c.number || '';
    issuer.input.value = c.issuer || '';
    year.input.value = c.year ? String(c.year) : '';
    const a = record.address || {};
    street.input.value = a.street || '';
    postal.input.value = a.postalCode || '';
    wantedPlace = initialCountry === 'FR' ? a.communeCode : a.locality;
    radius.input.value = String(record.area?.radiusKm ?? '');
    departments.input.value = (record.area?.departments || []).join(', ');
    const known = new Set(LANGUAGES);
    for (const code of record.languages || []) {
      const box = form.querySelector(`#${P}-langues-${code}`);
      if (box) box.checked = true;
    }
    otherLanguages.input.value = (record.languages || []).filter((l) => !known.has(l)).join(', ');
    remote.input.checked = Boolean(record.remoteSessions);
    wheelchair.input.checked = Boolean(record.wheelchairAccessible);
    const contact = record.contact || {};
    phone.input.value = contact.phone || '';
    email.input.value = contact.email || '';
    website.input.value = contact.website || '';
    for (const p of contact.published || []) {
      const box = form.querySelector(`#${P}-publier-${p}`);
      if (box) box.checked = true;
    }
    bic.input.value = record.bankAccount?.bic || '';
    charter.input.checked = record.charterVersion === CHARTER_VERSION;
    lookupPlaces();
  } else {
    form.querySelector(`#${P}-langues-fr`).checked = true;
    radius.input.value = '10';
    updateCountry();
    updateKinds();
  }
  return form;
}
