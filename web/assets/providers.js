// Words and building blocks shared by the provider pages: professions, credentials, statuses,
// the directory card, and the details of a record.

import { h, problemBox } from './dom.js';
import { getJson, ApiProblem, isSignInProblem } from './api.js';
import { signInInvite } from './access.js';
import { hrefFor } from './router.js';
import {
  formatDistance, formatKm, formatDateTime, formatDay, formatIban, languageList, telHref, webHref, webLabel, mailHref,
} from './format.js';

export const CHARTER_VERSION = '2026-01';

/** The providers' charter, version 2026-01: the text the provider accepts. */
export const CHARTER_COMMITMENTS = [
  'Recevoir les parents orientés par le programme dans un délai raisonnable.',
  'Ne demander aucun paiement pour une séance couverte par un bon, au-delà de la participation prévue.',
  'Déclarer chaque séance réalisée, et elle seule, après l’avoir tenue.',
  'Respecter le secret professionnel et ne transmettre aucune information sur les parents.',
  'Signaler tout changement de situation (adresse, inscription, coordonnées bancaires).',
];

/** The four services; `heading` titles the search section, `plural` speaks of its people. */
export const SERVICES = [
  { code: 'psychologist', label: 'Psychologue', heading: 'Psychologue', plural: 'psychologues', kinds: ['RPPS', 'ADELI', 'COMPSY'] },
  { code: 'family-mediator', label: 'Médiateur ou médiatrice familiale', heading: 'Médiation familiale', plural: 'médiateurs familiaux', kinds: ['DEMF', 'CFM'] },
  { code: 'lawyer', label: 'Avocat ou avocate', heading: 'Avocat', plural: 'avocats', kinds: ['BAR'] },
  { code: 'social-worker', label: 'Assistant ou assistante de service social', heading: 'Assistant de service social', plural: 'assistants de service social', kinds: ['DEASS'] },
];

export function serviceByCode(code) {
  return SERVICES.find((s) => s.code === code) || null;
}

/**
 * Credentials by kind: the fields each one asks for, and their words.
 * fields: which of number / issuer / year are asked; numberOptional for DEMF.
 */
export const CREDENTIALS = {
  RPPS: { label: 'RPPS (France)', long: 'Répertoire partagé des professionnels de santé (RPPS)', fields: ['number'], country: 'FR', numberLabel: 'Numéro RPPS', numberHint: '11 chiffres, dont une clé de contrôle (carte CPS, Annuaire santé).', numeric: true },
  ADELI: { label: 'ADELI (France)', long: 'Répertoire ADELI', fields: ['number'], country: 'FR', numberLabel: 'Numéro ADELI', numberHint: '9 chiffres, commençant par le numéro du département.', numeric: true },
  COMPSY: { label: 'Commission des psychologues (Belgique)', long: 'Agrément de la Commission des psychologues', fields: ['number'], country: 'BE', numberLabel: 'Numéro d’agrément', numberHint: '6 à 10 chiffres.', numeric: true },
  DEMF: { label: 'Diplôme d’État de médiateur familial (France)', long: 'Diplôme d’État de médiateur familial (DEMF)', fields: ['year', 'issuer', 'number'], numberOptional: true, country: 'FR', numberLabel: 'Numéro du diplôme (facultatif)', issuerLabel: 'Établissement qui a délivré le diplôme', issuerHint: 'Par exemple : IRTS Paris Île-de-France.', yearHint: 'Le diplôme existe depuis 2004.' },
  CFM: { label: 'Commission fédérale de médiation (Belgique)', long: 'Agrément de la Commission fédérale de médiation', fields: ['number'], country: 'BE', numberLabel: 'Numéro d’agrément', numberHint: '3 à 20 lettres, chiffres, / ou -.' },
  BAR: { label: 'Inscription au barreau', long: 'Inscription au barreau', fields: ['issuer', 'number'], numberLabel: 'Numéro d’inscription au barreau', numberHint: 'Lettres et chiffres, 20 caractères au plus.', issuerLabel: 'Barreau', issuerHint: 'Par exemple : Paris, Seine-Saint-Denis, Bruxelles.' },
  DEASS: { label: 'Diplôme d’État d’assistant de service social', long: 'Diplôme d’État d’assistant de service social (DEASS)', fields: ['year', 'issuer'], issuerLabel: 'Établissement qui a délivré le diplôme', issuerHint: 'Par exemple : IRTS Paris Île-de-France.' },
};

export const STATUSES = {
  submitted: { label: 'À examiner', provider: 'En cours d’examen', tab: 'À examiner', adjective: 'à examiner' },
  approved: { label: 'Agréé', provider: 'Agréé(e)', tab: 'Agréés', adjective: 'agréé' },
  rejected: { label: 'Refusé', provider: 'Refusée', tab: 'Refusés', adjective: 'refusé' },
  suspended: { label: 'Suspendu', provider: 'Suspendu(e)', tab: 'Suspendus', adjective: 'suspendu' },
};

export const PUBLISHABLE = {
  phone: 'Téléphone',
  email: 'Adresse électronique',
  website: 'Site internet',
  street: 'Adresse du cabinet (numéro et rue)',
};

export const COUNTRY_NAMES = { FR: 'France', BE: 'Belgique' };

/** A status as a badge: a word, with a distinct border (never colour alone). */
export function statusBadge(status, { forProvider = false } = {}) {
  const s = STATUSES[status];
  const text = s ? (forProvider ? s.provider : s.label) : status;
  return h('span', { class: `statut statut--${STATUSES[status] ? status : 'inconnu'}` }, text);
}

/** "10 km autour du cabinet ; départements 75, 93" */
export function areaText(area, country = 'FR') {
  if (!area) return '';
  const parts = [];
  if (area.radiusKm > 0) parts.push(`jusqu’à ${formatKm(area.radiusKm)} autour du cabinet`);
  const codes = Array.isArray(area.departments) ? area.departments : [];
  if (codes.length) {
    const word = country === 'BE' ? (codes.length > 1 ? 'provinces' : 'province') : (codes.length > 1 ? 'départements' : 'département');
    parts.push(`${word} ${codes.join(', ')} en entier`);
  }
  return parts.length ? parts.join(' ; ') : 'au cabinet seulement';
}

export function yesNo(value) {
  return value ? 'Oui' : 'Non';
}

/** The badges of a listing: text, not colour. */
export function accessBadges(listing) {
  const badges = [];
  if (listing.remoteSessions) badges.push(h('li', { class: 'badge' }, h('span', { 'aria-hidden': 'true', class: 'badge__icone' }, '✓'), ' Séances à distance'));
  if (listing.wheelchairAccessible) badges.push(h('li', { class: 'badge' }, h('span', { 'aria-hidden': 'true', class: 'badge__icone' }, '✓'), ' Accessible en fauteuil roulant'));
  return badges.length ? h('ul', { class: 'badges', 'aria-label': 'Accueil' }, badges) : null;
}

/** Published contacts of a listing (phone, email, website), as a list, or null. */
export function contactList(listing, { newWindowLinks = true } = {}) {
  const items = [];
  if (listing.phone) {
    const tel = telHref(listing.phone);
    items.push(h('li', {}, 'Téléphone : ', tel ? h('a', { href: tel }, listing.phone) : listing.phone));
  }
  if (listing.email) {
    const mail = mailHref(listing.email);
    items.push(h('li', {}, 'Courriel : ', mail ? h('a', { href: mail }, listing.email) : listing.email));
  }
  const web = webHref(listing.website);
  if (web) {
    items.push(h('li', {}, 'Site : ', newWindowLinks
      ? h('a', { href: web, rel: 'noopener noreferrer', target: '_blank' }, webLabel(web), h('span', { class: 'visuellement-cache' }, ' (nouvelle fenêtre)'))
      : h('a', { href: web, rel: 'noopener noreferrer' }, webLabel(web))));
  }
  return items.length ? h('ul', { class: 'service__contacts' }, items) : null;
}

/** « Demander des bons pour ce professionnel » (for a signed-in parent): the request, prefilled. */
export function voucherRequestLink(listing, { className = 'bouton bouton--secondaire', describedBy } = {}) {
  return h('a', {
    href: hrefFor('/bons', { service: listing.service?.code, prestataire: listing.id }),
    class: className,
    // Which professional: the card's heading describes the link (its name stays short).
    'aria-describedby': describedBy,
  }, 'Demander des bons pour ce professionnel');
}

let cardCount = 0;

/**
 * A directory card for the search results (heading level 5 by default).
 * back: the search to come back to from the provider's page ({ cp, pays, rayon }).
 * voucherAction: adds « Demander des bons pour ce professionnel » (signed-in parents).
 */
export function providerCard(listing, { headingLevel = 5, back = {}, voucherAction = false } = {}) {
  const where = [listing.street, [listing.postalCode, listing.locality].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const distance = typeof listing.distanceKm === 'number' ? formatDistance(listing.distanceKm) : null;
  const languages = languageList(listing.languages);
  cardCount += 1;
  const nameId = `prestataire-nom-${cardCount}`;
  return h('li', { class: 'prestataire' },
    h('p', { class: 'service__type' }, h('span', { class: 'etiquette' }, listing.service?.label || listing.service?.code || '')),
    h(`h${headingLevel}`, { class: 'prestataire__nom', id: nameId },
      h('a', { href: hrefFor(`/prestataires/${encodeURIComponent(listing.id)}`, back) }, listing.displayName)),
    h('p', { class: 'service__lieu' },
      where ? h('span', {}, where) : null,
      where && distance ? ' · ' : null,
      distance ? h('span', { class: 'prestataire__distance' }, distance) : null),
    languages ? h('p', { class: 'prestataire__langues' }, `Langues : ${languages}`) : null,
    accessBadges(listing),
    contactList(listing),
    voucherAction ? h('p', { class: 'prestataire__action' }, voucherRequestLink(listing, { describedBy: nameId })) : null);
}

function row(term, ...value) {
  const content = value.filter((v) => v !== null && v !== undefined && v !== '');
  return h('div', { class: 'fiche__ligne' }, h('dt', {}, term), h('dd', {}, content.length ? content : '—'));
}

function section(id, title, rows, headingLevel) {
  return h('section', { class: 'bloc', 'aria-labelledby': id },
    h(`h${headingLevel}`, { id, class: 'bloc__titre' }, title),
    h('dl', { class: 'fiche' }, rows));
}

/** "Numéro RPPS 10000000017" etc. */
export function credentialText(credential) {
  if (!credential) return '';
  const kind = CREDENTIALS[credential.kind];
  const parts = [kind?.long || credential.kind];
  if (credential.number) parts.push(`n° ${credential.number}`);
  if (credential.issuer) parts.push(credential.kind === 'BAR' ? `barreau de ${credential.issuer}` : `délivré par ${credential.issuer}`);
  if (credential.year) parts.push(`en ${credential.year}`);
  return parts.join(', ');
}

/**
 * Where the provider is paid: the account an agent reviewed (the only one ever paid), a change
 * waiting for review, the last change refused, and why transfers are held if they are. IBANs come
 * masked for the provider, in full for agents (the API decides).
 */
function bankSection(record, { forAgent, headingLevel, idPrefix }) {
  const details = record.bankDetails || null;
  const bank = record.bankAccount || {};
  const id = `${idPrefix}-banque`;
  if (!details || (!details.reviewed && !details.pending)) {
    // Not reviewed yet: the account declared is examined with the application.
    return section(id, 'Compte bancaire', [
      row('IBAN', h('span', { class: 'iban' }, formatIban(bank.iban))),
      row('BIC', bank.bic),
    ], headingLevel);
  }
  const rows = [];
  if (details.reviewed) {
    rows.push(row('Compte payé (vérifié)', h('span', { class: 'iban' }, formatIban(details.reviewed.iban)), ` · BIC ${details.reviewed.bic}`));
    rows.push(row('Titulaire', details.reviewed.holder));
    if (details.reviewed.reviewedAt) rows.push(row('Vérifié le', formatDateTime(details.reviewed.reviewedAt)));
  }
  if (details.pending) {
    rows.push(row('Nouveau compte en attente de vérification', h('span', { class: 'iban' }, formatIban(details.pending.iban)),
      ` · BIC ${details.pending.bic} · demandé le ${formatDateTime(details.pending.requestedAt)}`,
      details.pending.previousAccountClosed ? ' · ancien compte déclaré clos' : ''));
  }
  if (details.lastRejection && !details.pending) {
    rows.push(row('Dernier changement refusé', h('span', { class: 'iban' }, formatIban(details.lastRejection.iban)),
      ` le ${formatDateTime(details.lastRejection.decidedAt)}${details.lastRejection.reason ? ` : ${details.lastRejection.reason}` : ''}`));
  }
  const block = section(id, 'Compte bancaire', rows, headingLevel);
  if (details.holdReason) {
    block.append(h('div', { class: 'avis', role: 'note', 'data-bank-hold': '' },
      h('p', {}, h('strong', {}, 'Virements retenus. '), details.holdReason)));
  } else if (details.pending && !forAgent) {
    block.append(h('div', { class: 'avis avis--info', role: 'note', 'data-bank-pending': '' },
      h('p', {}, h('strong', {}, 'Vos paiements attendent la vérification de votre nouveau compte. '),
        'Un agent du programme doit vérifier le nouveau compte avant qu’un virement y soit fait. D’ici là, vos remboursements sont versés sur le compte vérifié ci-dessus.')));
  }
  return block;
}

/**
 * All the fields of a record, as sections with description lists.
 * forAgent: shows the full IBAN, the INSEE code and the record's technical fields.
 */
export function recordDetails(record, { forAgent = false, headingLevel = 2, idPrefix = 'fiche' } = {}) {
  const a = record.address || {};
  const contact = record.contact || {};
  const published = Array.isArray(contact.published) ? contact.published : [];
  const country = a.country || 'FR';
  const credential = record.credential || {};
  const kind = CREDENTIALS[credential.kind];
  const publishedMark = (field) => (published.includes(field) ? ' (publié dans l’annuaire)' : ' (non publié)');

  const sections = [];
  sections.push(section(`${idPrefix}-identite`, 'Identité et inscription', [
    row('Nom affiché', record.displayName),
    row('Profession', record.service?.label || record.service?.code),
    row('Inscription', kind?.long || credential.kind),
    credential.number ? row('Numéro', credential.number) : null,
    credential.issuer ? row(credential.kind === 'BAR' ? 'Barreau' : 'Établissement', credential.issuer) : null,
    credential.year ? row('Année d’obtention', String(credential.year)) : null,
  ].filter(Boolean), headingLevel));

  sections.push(section(`${idPrefix}-cabinet`, 'Cabinet et zone d’intervention', [
    row('Adresse', a.street ? `${a.street}${publishedMark('street')}` : null),
    row('Code postal', a.postalCode),
    row(country === 'BE' ? 'Localité' : 'Commune', a.locality, forAgent && a.communeCode ? ` (code INSEE ${a.communeCode})` : null),
    row(country === 'BE' ? 'Province' : 'Département', a.department),
    row('Pays', COUNTRY_NAMES[country] || country),
    forAgent && a.location ? row('Position', `${a.location.latitude}, ${a.location.longitude}`) : null,
    row('Reçoit les parents', areaText(record.area, country)),
  ].filter(Boolean), headingLevel));

  sections.push(section(`${idPrefix}-accueil`, 'Accueil', [
    row('Langues', languageList(record.languages)),
    row('Séances à distance', yesNo(record.remoteSessions)),
    row('Accessible en fauteuil roulant', yesNo(record.wheelchairAccessible)),
  ], headingLevel));

  sections.push(section(`${idPrefix}-coordonnees`, 'Coordonnées', [
    row('Téléphone', contact.phone ? `${contact.phone}${publishedMark('phone')}` : null),
    row('Adresse électronique', contact.email ? `${contact.email}${publishedMark('email')}` : null),
    row('Site internet', contact.website ? `${contact.website}${publishedMark('website')}` : null),
  ], headingLevel));

  sections.push(bankSection(record, { forAgent, headingLevel, idPrefix }));

  sections.push(section(`${idPrefix}-dossier`, 'Dossier', [
    row('Statut', statusBadge(record.status, { forProvider: !forAgent })),
    record.reason ? row(record.status === 'rejected' ? 'Motif du refus' : 'Motif', record.reason) : null,
    row('Déposé le', record.submittedAt ? formatDateTime(record.submittedAt) : null),
    record.decidedAt ? row('Dernière décision le', formatDateTime(record.decidedAt)) : null,
    row('Charte', record.charterVersion ? `version ${record.charterVersion}${record.charterAcceptedAt ? `, acceptée le ${formatDay(record.charterAcceptedAt)}` : ''}` : null),
    forAgent ? row('Identifiant', h('code', {}, record.id)) : null,
    forAgent ? row('Version', String(record.version)) : null,
  ].filter(Boolean), headingLevel));
  return sections;
}

/**
 * The signed-in provider's own record (`GET /api/providers/me`), with a loading line meanwhile.
 * Resolves to `{ record }` (`record` null when they have not applied yet), or to null when the page
 * must stop: it was left, the session expired (a sign-in invite is shown) or the record could not
 * be read (the problem is shown). With `tolerant`, an unreadable record counts as approved: the
 * page's own call will say what is wrong.
 */
export async function ownRecord(container, signal, { loadingText = 'Chargement…', tolerant = false } = {}) {
  const loading = h('p', { class: 'chargement', role: 'status' }, loadingText);
  container.append(loading);
  let record = null;
  try {
    record = await getJson('/api/providers/me', { signal });
  } catch (error) {
    if (error?.name === 'AbortError' || signal.aborted) return null;
    loading.remove();
    if (isSignInProblem(error)) {
      container.append(signInInvite({ reason: 'expired' }));
      return null;
    }
    if (!(error instanceof ApiProblem && error.is('no-application'))) {
      if (tolerant) return { record: { status: 'approved' } };
      container.append(problemBox(error instanceof ApiProblem ? error
        : new ApiProblem({ title: 'Une erreur est survenue', detail: 'Votre dossier n’a pas pu s’afficher. Réessayez plus tard.' })));
      return null;
    }
  }
  if (signal.aborted) return null;
  loading.remove();
  return { record };
}

/**
 * The signed-in provider's record when they are approved; otherwise shows why they cannot
 * `action` yet (« déclarer une séance », « vérifier un bon ») and resolves to null.
 */
export async function approvedRecord(container, signal, action) {
  const loaded = await ownRecord(container, signal, { tolerant: true });
  if (!loaded) return null;
  const { record } = loaded;
  if (record?.status === 'approved') return record;
  const status = record ? STATUSES[record.status]?.provider || record.status : null;
  const why = `Seul un professionnel agréé par le programme peut ${action}.`;
  container.append(h('div', { class: 'avis', role: 'region', 'aria-labelledby': 'titre-non-agree' },
    h('h2', { id: 'titre-non-agree', class: 'avis__titre' }, 'Réservé aux professionnels agréés'),
    h('p', {}, record ? `${why} Votre dossier : ${status}.` : `${why} Vous n’avez pas encore déposé de candidature.`),
    h('p', {}, h('a', { href: hrefFor(record ? '/prestataire' : '/prestataire/candidature') },
      record ? 'Voir mon dossier' : 'Déposer ma candidature'))));
  return null;
}

