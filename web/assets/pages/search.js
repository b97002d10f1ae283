// « Trouver de l'aide près de chez moi » : postal code → communes and nearby public services.
// The search lives in the hash (#/?cp=75018&pays=FR&rayon=15): results can be linked to,
// and back/forward replay them.

import { getJson, ApiProblem } from '../api.js';
import { hrefFor } from '../router.js';
import { h, focusElement, problemBox } from '../dom.js';
import { formatDistance, formatKm, formatDate, plural, telHref, webHref, webLabel } from '../format.js';
import { SERVICES, serviceByCode, providerCard } from '../providers.js';
import { currentSession } from '../session.js';

const COUNTRIES = {
  FR: { label: 'France', digits: 5, digitsWord: 'cinq', example: '75018', areaLabel: 'Département', areasLabel: 'Départements' },
  BE: { label: 'Belgique', digits: 4, digitsWord: 'quatre', example: '1000', areaLabel: 'Province', areasLabel: 'Provinces' },
};
const RADII = [5, 10, 15, 30, 50];
const DEFAULT_RADIUS = 15;
const PAGE_SIZE = 20;
const PROVIDERS_PAGE_SIZE = 5;
const TITLE = 'Trouver de l’aide près de chez moi';

/** Reads the search from the hash params, falling back to defaults for unknown values. */
function readParams(params) {
  const country = Object.hasOwn(COUNTRIES, params.pays) ? params.pays : 'FR';
  const radius = RADII.includes(Number(params.rayon)) ? Number(params.rayon) : DEFAULT_RADIUS;
  const postalCode = typeof params.cp === 'string' ? params.cp : '';
  // « Trouver un professionnel » from the questionnaire: one service only (?service=psychologist).
  const service = serviceByCode(params.service) ? params.service : '';
  return { postalCode, country, radius, service };
}

/** Spaces are tolerated ("75 018"); returns the cleaned code. */
function cleanPostalCode(value) {
  return value.replace(/\s+/g, '');
}

/** Client-side check; returns an error message, or null when the code looks right. */
function postalCodeError(code, country) {
  const c = COUNTRIES[country];
  if (code === '') return `Saisissez votre code postal : ${c.digitsWord} chiffres en ${c.label}, par exemple ${c.example}.`;
  if (!new RegExp(`^\\d{${c.digits}}$`).test(code)) {
    return `Le code postal doit compter ${c.digitsWord} chiffres en ${c.label} (par exemple ${c.example}) ; « ${code} » ne convient pas.`;
  }
  return null;
}

/** The services whose approved providers the search shows: one when the search is narrowed. */
function searchedServices(search) {
  return search.service ? SERVICES.filter((s) => s.code === search.service) : SERVICES;
}

function buildForm({ postalCode, country, radius, service }, onSubmit) {
  const input = h('input', {
    id: 'cp', name: 'cp', type: 'text', inputmode: 'numeric', autocomplete: 'postal-code',
    class: 'champ__saisie champ__saisie--court', value: postalCode, 'aria-describedby': 'cp-aide', spellcheck: 'false',
  });
  const error = h('p', { id: 'cp-erreur', class: 'champ__erreur', hidden: true });

  const countryRadios = Object.entries(COUNTRIES).map(([code, c]) => h('div', { class: 'choix' },
    h('input', { type: 'radio', name: 'pays', id: `pays-${code}`, value: code, checked: code === country, class: 'choix__bouton' }),
    h('label', { for: `pays-${code}`, class: 'choix__libelle' }, c.label)));

  const select = h('select', { id: 'rayon', name: 'rayon', class: 'champ__saisie champ__saisie--court' },
    RADII.map((r) => h('option', { value: String(r), selected: r === radius }, formatKm(r))));

  const form = h('form', { class: 'recherche', role: 'search', 'aria-label': 'Rechercher par code postal', novalidate: true },
    h('div', { class: 'champ' },
      h('label', { for: 'cp', class: 'champ__libelle' }, 'Code postal'),
      h('p', { id: 'cp-aide', class: 'champ__aide' }, 'Cinq chiffres en France (par exemple 75018), quatre en Belgique (par exemple 1000).'),
      error,
      input),
    h('fieldset', { class: 'champ champ--groupe' },
      h('legend', { class: 'champ__libelle' }, 'Pays'),
      h('div', { class: 'choix-groupe' }, countryRadios)),
    h('div', { class: 'champ' },
      h('label', { for: 'rayon', class: 'champ__libelle' }, 'Rayon de recherche'),
      select),
    h('div', { class: 'recherche__actions' },
      h('button', { type: 'submit', class: 'bouton' }, 'Rechercher')),
    service ? h('p', { class: 'recherche__filtre', id: 'recherche-filtre' },
      h('strong', {}, `Professionnels recherchés : ${serviceByCode(service).heading.toLowerCase()}. `),
      h('a', { href: hrefFor('/', { cp: postalCode, pays: country, rayon: radius }) }, 'Afficher tous les services')) : null);

  const field = {
    input,
    /** Shows an error tied to the field (text prefixed with « Erreur : », not colour alone). */
    showError(message) {
      error.replaceChildren(h('span', { class: 'visuellement-cache' }, 'Erreur : '), message);
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'cp-aide cp-erreur');
      form.querySelector('.champ').classList.add('champ--erreur');
    },
    /** Marks the field as wrong, explained by another element (a server problem box). */
    describeBy(id) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `cp-aide ${id}`);
      form.querySelector('.champ').classList.add('champ--erreur');
    },
    clear() {
      error.hidden = true;
      error.replaceChildren();
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', 'cp-aide');
      form.querySelector('.champ').classList.remove('champ--erreur');
    },
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const code = cleanPostalCode(String(data.get('cp') || ''));
    const pays = String(data.get('pays') || 'FR');
    const rayon = Number(data.get('rayon') || DEFAULT_RADIUS);
    const message = postalCodeError(code, pays);
    if (message) {
      field.showError(message);
      input.focus();
      return;
    }
    field.clear();
    onSubmit({ postalCode: code, country: pays, radius: rayon });
  });

  return { form, field };
}

function areaText(area) {
  return area.code ? `${area.name} (${area.code})` : area.name;
}

function placeSection(place, country) {
  const c = COUNTRIES[country];
  const communes = Array.isArray(place.communes) ? place.communes : [];
  const areas = (country === 'BE' ? place.provinces : place.departments) || [];
  const mainArea = country === 'BE' ? place.province : place.department;
  const areaList = areas.length ? areas : (mainArea ? [mainArea] : []);
  const severalAreas = areaList.length > 1;
  const areaCodeOf = (commune) => (country === 'BE' ? commune.provinceCode : commune.departmentCode);

  const rows = [];
  rows.push(h('div', { class: 'fiche__ligne' },
    h('dt', {}, communes.length > 1 ? 'Communes' : 'Commune'),
    h('dd', {}, communes.length === 0 ? 'Aucune commune connue' : h('ul', { class: 'communes' }, communes.map((commune) => h('li', {},
      h('span', { class: 'communes__nom' }, commune.name),
      commune.code ? h('span', { class: 'communes__code' }, ` — code INSEE ${commune.code}`) : null,
      severalAreas && areaCodeOf(commune) ? h('span', { class: 'communes__code' }, ` — ${c.areaLabel.toLowerCase()} ${areaCodeOf(commune)}`) : null))))));
  if (areaList.length) {
    rows.push(h('div', { class: 'fiche__ligne' },
      h('dt', {}, severalAreas ? c.areasLabel : c.areaLabel),
      h('dd', {}, areaList.map(areaText).join(', '))));
  }
  if (place.region?.name) {
    rows.push(h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Région'), h('dd', {}, place.region.name)));
  }
  rows.push(h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Pays'), h('dd', {}, c.label)));

  return h('section', { class: 'bloc', 'aria-labelledby': 'titre-lieu' },
    h('h3', { id: 'titre-lieu', class: 'bloc__titre' }, `Votre secteur : ${place.postalCode || ''}`.trim()),
    h('dl', { class: 'fiche' }, rows));
}

function serviceItem(service) {
  const tel = telHref(service.phone);
  const web = webHref(service.website);
  const where = [service.postalCode, service.locality].filter(Boolean).join(' ');
  const contacts = [];
  if (service.phone) {
    contacts.push(h('li', {}, 'Téléphone : ', tel ? h('a', { href: tel }, service.phone) : service.phone));
  }
  if (web) {
    contacts.push(h('li', {}, 'Site : ', h('a', { href: web, rel: 'noopener noreferrer', target: '_blank' },
      webLabel(web), h('span', { class: 'visuellement-cache' }, ' (nouvelle fenêtre)'))));
  }
  const distance = typeof service.distanceKm === 'number' ? formatDistance(service.distanceKm) : null;
  return h('li', { class: 'service' },
    h('p', { class: 'service__type' }, h('span', { class: 'etiquette' }, service.typeLabel || service.type)),
    h('h4', { class: 'service__nom' }, service.name),
    h('p', { class: 'service__lieu' },
      where ? h('span', {}, where) : null,
      where && distance ? ' · ' : null,
      distance ? h('span', { class: 'service__distance' }, distance) : null),
    service.typeNote ? h('p', { class: 'service__note' }, h('strong', {}, 'Bon à savoir : '), service.typeNote) : null,
    contacts.length ? h('ul', { class: 'service__contacts' }, contacts) : null,
    service.updated ? h('p', { class: 'service__maj' }, `Fiche de l’annuaire datée du ${formatDate(service.updated)}`) : null);
}

function coversCountry(dataset, country) {
  if (!dataset?.coverage) return true;
  return String(dataset.coverage).toUpperCase().split(/[^A-Z]+/).includes(country);
}

function datasetNotice(dataset) {
  if (!dataset) return null;
  const source = [dataset.source, dataset.licence].filter(Boolean).join(', ');
  return h('div', { class: 'avis', role: 'note' },
    h('p', { class: 'avis__titre' }, h('span', { 'aria-hidden': 'true', class: 'avis__icone' }, 'i'), ' ', h('strong', {}, 'À vérifier')),
    h('p', {}, dataset.label || `Données de ${dataset.year}`),
    source ? h('p', { class: 'avis__source' }, `Source : ${source}.`) : null);
}

function summaryText(place, services, search, providersTotal) {
  const parts = [];
  const communes = place && Array.isArray(place.communes) ? place.communes.length : null;
  if (communes !== null) parts.push(plural(communes, 'commune'));
  if (services) {
    const within = `à moins de ${formatKm(services.radiusKm ?? search.radius)}`;
    if (services.total > 0) parts.push(`${plural(services.total, 'service')} ${within}`);
    else if (!coversCountry(services.dataset, search.country)) parts.push('aucun service : l’annuaire ne couvre que la France');
    else parts.push(`aucun service ${within}`);
  }
  if (typeof providersTotal === 'number') {
    parts.push(providersTotal > 0 ? plural(providersTotal, 'professionnel agréé', 'professionnels agréés') : 'aucun professionnel agréé');
  }
  return parts.join(', ');
}

/** The services block, with its « Voir plus » button that fetches the next page. */
function servicesSection(first, search, context) {
  const radiusText = formatKm(first.radiusKm ?? search.radius);
  const section = h('section', { class: 'bloc', 'aria-labelledby': 'titre-services' },
    h('h3', { id: 'titre-services', class: 'bloc__titre' }, `Services publics à moins de ${radiusText}`));

  if (first.total === 0) {
    if (!coversCountry(first.dataset, search.country)) {
      section.append(h('div', { class: 'avis avis--info' },
        h('p', {}, h('strong', {}, 'Nous n’avons pas encore d’annuaire des services publics pour la Belgique.')),
        h('p', {}, 'Les adresses que Passerelle connaît aujourd’hui viennent de l’annuaire français Service-Public.fr et ne couvrent que la France. Nous y travaillons. En attendant, l’administration de votre commune pourra vous orienter vers les services de la famille les plus proches.')));
    } else {
      const wider = RADII.find((r) => r > (first.radiusKm ?? search.radius));
      section.append(h('p', {}, `Aucun service public de la famille n’est connu à moins de ${radiusText} de ce code postal.`));
      if (wider) {
        section.append(h('p', {}, h('a', { href: hrefFor('/', { cp: search.postalCode, pays: search.country, rayon: wider }) },
          `Chercher à moins de ${formatKm(wider)}`)));
      }
      section.append(datasetNotice(first.dataset));
    }
    return section;
  }

  const list = h('ol', { class: 'services', 'aria-labelledby': 'titre-services' });
  const count = h('p', { class: 'services__compte' });
  const more = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Voir plus');
  const moreArea = h('div', { class: 'services__suite' }, count, more);
  let shown = 0;
  let total = first.total;

  const addPage = (page) => {
    const items = (page.services || []).map(serviceItem);
    list.append(...items);
    shown += items.length;
    total = page.total;
    count.textContent = `${plural(shown, 'service affiché', 'services affichés')} sur ${total}`;
    const remaining = total - shown;
    more.hidden = remaining <= 0 || items.length === 0;
    const next = Math.min(PAGE_SIZE, Math.max(remaining, 0));
    more.textContent = `Voir plus (${plural(next, 'service suivant', 'services suivants')})`;
    return items;
  };

  more.addEventListener('click', async () => {
    if (more.getAttribute('aria-disabled') === 'true') return;
    more.setAttribute('aria-disabled', 'true');
    moreArea.querySelector('.probleme')?.remove();
    const label = more.textContent;
    more.textContent = 'Chargement…';
    try {
      const page = await fetchServices(search, shown, context.signal);
      if (context.signal.aborted) return;
      const items = addPage(page);
      context.announce(`${plural(items.length, 'service de plus', 'services de plus')} : ${shown} sur ${total} affichés.`);
      const heading = items[0]?.querySelector('.service__nom');
      if (heading) focusElement(heading);
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      more.textContent = label;
      moreArea.append(problemBox(asProblem(error), { headingLevel: 4 }));
    } finally {
      more.removeAttribute('aria-disabled');
    }
  });

  addPage(first);
  section.append(datasetNotice(first.dataset), list, moreArea);
  return section;
}

function fetchProviders(search, service, offset, signal) {
  return getJson('/api/providers', {
    query: {
      postalCode: search.postalCode, country: search.country, service, radiusKm: search.radius, limit: PROVIDERS_PAGE_SIZE, offset,
    },
    signal,
  });
}

function fetchAllProviders(search, signal) {
  return Promise.allSettled(searchedServices(search).map((service) => fetchProviders(search, service.code, 0, signal)));
}

/** « Voir plus de psychologues », « Voir plus d’avocats ». */
function moreLabel(service, count) {
  const of = /^[aeiouéèêh]/i.test(service.plural) ? 'd’' : 'de ';
  return `Voir plus ${of}${service.plural} (${count} de plus)`;
}

/** One service of the « Professionnels agréés » section: its nearest providers and « Voir plus ». */
function providerGroup(service, outcome, search, context) {
  const id = `titre-prestataires-${service.code}`;
  const group = h('section', { class: 'prestataires-groupe', 'aria-labelledby': id },
    h('h4', { id, class: 'prestataires-groupe__titre' }, service.heading));
  if (outcome.status === 'rejected') {
    if (outcome.reason?.name !== 'AbortError') group.append(problemBox(asProblem(outcome.reason), { headingLevel: 5 }));
    return group;
  }
  const first = outcome.value;
  const radiusText = formatKm(first.radiusKm ?? search.radius);
  if (!first.total) {
    group.append(h('p', { class: 'prestataires-groupe__vide' }, `Aucun professionnel agréé pour ce service à moins de ${radiusText} pour l’instant.`));
    return group;
  }
  const back = { cp: search.postalCode, pays: search.country, rayon: search.radius, service: search.service };
  // A signed-in parent may ask for vouchers for one of these providers.
  const voucherAction = currentSession()?.role === 'parent';
  const list = h('ol', { class: 'services prestataires', 'aria-labelledby': id });
  const count = h('p', { class: 'services__compte' });
  const more = h('button', { type: 'button', class: 'bouton bouton--secondaire' });
  const moreArea = h('div', { class: 'services__suite' }, count, more);
  let shown = 0;
  let total = first.total;

  const addPage = (page) => {
    const items = (page.providers || []).map((p) => providerCard(p, { headingLevel: 5, back, voucherAction }));
    list.append(...items);
    shown += items.length;
    total = page.total;
    count.textContent = `${shown} sur ${plural(total, 'professionnel', 'professionnels')}`;
    const remaining = total - shown;
    more.hidden = remaining <= 0 || items.length === 0;
    more.textContent = moreLabel(service, Math.min(PROVIDERS_PAGE_SIZE, Math.max(remaining, 0)));
    return items;
  };

  more.addEventListener('click', async () => {
    if (more.getAttribute('aria-disabled') === 'true') return;
    more.setAttribute('aria-disabled', 'true');
    moreArea.querySelector('.probleme')?.remove();
    const label = more.textContent;
    more.textContent = 'Chargement…';
    try {
      const page = await fetchProviders(search, service.code, shown, context.signal);
      if (context.signal.aborted) return;
      const items = addPage(page);
      context.announce(`${plural(items.length, 'professionnel de plus', 'professionnels de plus')} : ${shown} sur ${total} affichés.`);
      const link = items[0]?.querySelector('.prestataire__nom a');
      if (link) link.focus();
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      more.textContent = label;
      moreArea.append(problemBox(asProblem(error), { headingLevel: 5 }));
    } finally {
      more.removeAttribute('aria-disabled');
    }
  });

  addPage(first);
  group.append(list, moreArea);
  return group;
}

/** « Professionnels agréés près de chez vous » : the four services, nearest first. */
function providersSection(outcomes, search, context) {
  return h('section', { class: 'bloc', 'aria-labelledby': 'titre-prestataires' },
    h('h3', { id: 'titre-prestataires', class: 'bloc__titre' }, 'Professionnels agréés près de chez vous'),
    h('p', { class: 'introduction' },
      'Des professionnels agréés par le programme Passerelle reçoivent les parents de votre secteur, du plus proche au plus lointain. Avec un bon du programme, la séance ne vous coûte rien au-delà de la participation prévue.'),
    searchedServices(search).map((service, i) => providerGroup(service, outcomes[i], search, context)));
}

function fetchServices(search, offset, signal) {
  return getJson('/api/services', {
    query: { postalCode: search.postalCode, country: search.country, radiusKm: search.radius, limit: PAGE_SIZE, offset },
    signal,
  });
}

function asProblem(error) {
  if (error instanceof ApiProblem) return error;
  console.error(error);
  return new ApiProblem({ title: 'Une erreur est survenue', detail: 'La recherche n’a pas pu aboutir. Réessayez plus tard.' });
}

function isAboutPostalCode(problem) {
  return problem.concerns('code', 'postalCode', 'country')
    || problem.is('invalid-postal-code') || problem.is('unknown-postal-code');
}

async function runSearch(search, results, field, context) {
  const c = COUNTRIES[search.country];
  const heading = h('h2', { id: 'titre-resultats', class: 'resultats__titre', tabindex: '-1' },
    `Résultats pour ${search.postalCode} (${c.label})`);
  const summary = h('p', { class: 'resultats__resume' }, 'Recherche en cours…');
  results.setAttribute('aria-busy', 'true');
  results.replaceChildren(heading, summary);
  context.announce('Recherche en cours…');

  const [placeResult, servicesResult, providersResult] = await Promise.allSettled([
    getJson(`/api/postal-codes/${encodeURIComponent(search.postalCode)}`, { query: { country: search.country }, signal: context.signal }),
    fetchServices(search, 0, context.signal),
    fetchAllProviders(search, context.signal),
  ]);
  if (context.signal.aborted) return null;
  results.removeAttribute('aria-busy');

  if (placeResult.status === 'rejected') {
    if (placeResult.reason?.name === 'AbortError') return null;
    const problem = asProblem(placeResult.reason);
    const box = problemBox(problem, { id: 'cp-probleme', headingLevel: 3 });
    heading.textContent = `Aucun résultat pour ${search.postalCode} (${c.label})`;
    summary.remove();
    results.append(box);
    if (isAboutPostalCode(problem)) field.describeBy('cp-probleme');
    return { focus: box.querySelector('h3'), title: `${search.postalCode} : aucun résultat` };
  }

  const place = placeResult.value;
  const services = servicesResult.status === 'fulfilled' ? servicesResult.value : null;
  results.append(placeSection(place, search.country));
  const providerOutcomes = providersResult.status === 'fulfilled' ? providersResult.value : [];
  if (providerOutcomes.length) results.append(providersSection(providerOutcomes, search, context));
  const providersTotal = providerOutcomes.every((o) => o.status === 'fulfilled')
    ? providerOutcomes.reduce((sum, o) => sum + (o.value.total || 0), 0) : null;
  if (services) {
    results.append(servicesSection(services, search, context));
  } else if (servicesResult.reason?.name !== 'AbortError') {
    results.append(h('section', { class: 'bloc', 'aria-labelledby': 'titre-services' },
      h('h3', { id: 'titre-services', class: 'bloc__titre' }, 'Services publics'),
      problemBox(asProblem(servicesResult.reason), { headingLevel: 4 })));
  }
  const text = summaryText(place, services, search, providerOutcomes.length ? providersTotal : null);
  summary.textContent = text ? `${text}.` : '';
  context.announce(text ? `${text}.` : 'Résultats affichés.');
  return { focus: heading, title: `${search.postalCode} : services à moins de ${formatKm(search.radius)}` };
}

export default {
  path: '/',
  title: TITLE,
  navLabel: 'Trouver de l’aide près de chez moi',

  async render(container, params, context) {
    const search = readParams(params);
    const results = h('div', { class: 'resultats', id: 'resultats' });
    const { form, field } = buildForm(search, (next) => {
      context.navigate('/', { cp: next.postalCode, pays: next.country, rayon: next.radius, service: search.service });
    });

    container.append(
      h('h1', {}, TITLE),
      h('p', { class: 'introduction' },
        'Indiquez votre code postal : Passerelle vous montre votre commune, les professionnels agréés par le programme (psychologues, médiateurs familiaux, avocats, assistants de service social) et les services publics qui accompagnent les familles près de chez vous (Caf, point info famille, maison de justice et du droit, PMI…).'),
      form,
      results);

    if (!search.postalCode) return;
    const code = cleanPostalCode(search.postalCode);
    const message = postalCodeError(code, search.country);
    if (message) {
      field.showError(message);
      if (!context.initial) field.input.focus();
      return;
    }

    const outcome = await runSearch({ ...search, postalCode: code }, results, field, context);
    if (!outcome || context.signal.aborted) return;
    context.setTitle(outcome.title);
    // After a search, take the reader to the results; not on a fresh page load from a link,
    // where the skip link and the top of the page should come first.
    if (!context.initial) focusElement(outcome.focus);
  },
};
