// Words and building blocks of the vouchers: statuses, services, codes, QR code, the
// programme's rules (sessions, validity, what a session costs by income tier).

import { h } from './dom.js';
import { SERVICES, serviceByCode } from './providers.js';
import { formatDate, formatEuros, plural } from './format.js';

export { SERVICES, serviceByCode };

/** A voucher's status, in words (and a badge with a distinct border, never colour alone). */
export const VOUCHER_STATUSES = {
  issued: { label: 'À utiliser', long: 'Ce bon est valable : présentez-le au professionnel.' },
  redeemed: { label: 'Utilisé', long: 'Ce bon a servi pour une séance : il n’est plus valable.' },
  expired: { label: 'Expiré', long: 'Ce bon a expiré : il n’est plus valable.' },
  returned: { label: 'Rendu', long: 'Vous avez rendu ce bon : il n’est plus valable, et la séance est de nouveau disponible.' },
};

export function voucherBadge(status) {
  const known = Object.hasOwn(VOUCHER_STATUSES, status);
  return h('span', { class: `statut statut--bon-${known ? status : 'inconnu'}` }, known ? VOUCHER_STATUSES[status].label : String(status || 'inconnu'));
}

/** « de psychologue », « de médiation familiale », « d’avocat »… after « une séance ». */
const SESSION_OF = {
  psychologist: 'de psychologue',
  'family-mediator': 'de médiation familiale',
  lawyer: 'd’avocat',
  'social-worker': 'd’assistant de service social',
};

/** "une séance de psychologue" style complement, or "" for an unknown service. */
export function sessionOf(code) {
  return SESSION_OF[code] || '';
}

/** The service's short name for headings (« Psychologue », « Médiation familiale »…). */
export function serviceHeading(code, fallback) {
  return serviceByCode(code)?.heading || fallback || code || '';
}

/** « 3 séances restantes », « 1 séance restante », « aucune séance restante ». */
export function remainingText(count) {
  if (!count) return 'aucune séance restante';
  return plural(count, 'séance restante', 'séances restantes');
}

/** "PSY-13HA-…-NDC" as spans, so that a long code breaks between its groups only. */
export function codeGroups(code) {
  const groups = String(code || '').split('-');
  const parts = [];
  groups.forEach((group, i) => {
    parts.push(h('span', { class: 'code-bon__groupe' }, i < groups.length - 1 ? `${group}-` : group));
    if (i < groups.length - 1) parts.push(h('wbr'));
  });
  return parts;
}

/**
 * What the provider types, cleaned as it goes: upper case, only letters and digits, grouped as
 * printed (the 3-letter service prefix, then groups of 4): "psy13haef" → "PSY-13HA-EF".
 */
export function groupCode(text) {
  const raw = String(text || '').toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 40);
  if (raw.length <= 3) return raw;
  const head = raw.slice(0, 3);
  const rest = raw.slice(3).match(/.{1,4}/g) || [];
  return [head, ...rest].join('-');
}

function base64UrlJson(part) {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * The voucher code carried by a scanned QR code: its content is a JWS whose payload (base64url
 * JSON) has "code". A QR code holding a bare code is accepted too. Null when it is neither.
 */
export function codeFromScan(rawValue) {
  const text = String(rawValue || '').trim();
  const parts = text.split('.');
  if (parts.length === 3 && parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) {
    try {
      const payload = base64UrlJson(parts[1]);
      return payload && typeof payload.code === 'string' && payload.code ? payload.code : null;
    } catch {
      return null;
    }
  }
  return /^[A-Za-z]{3}[-\s]?[0-9A-Za-z]{4}([-\s]?[0-9A-Za-z]{1,4}){4,}$/.test(text) ? text : null;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_ALLOWED = new Set(['svg', 'rect', 'path', 'g', 'title', 'desc']);

/**
 * The QR code (an SVG document written by our API) as a node of this page: parsed as
 * image/svg+xml (never innerHTML), anything but plain shapes left out, then imported.
 * Returns null when the text is not a readable SVG.
 */
export function qrNode(svgText, label) {
  if (typeof svgText !== 'string' || !svgText.trim()) return null;
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) return null;
  for (const element of [...root.querySelectorAll('*')]) {
    if (element.namespaceURI !== SVG_NS || !SVG_ALLOWED.has(element.localName)) element.remove();
  }
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || /href$/.test(name)) element.removeAttribute(attribute.name);
    }
  }
  const node = document.importNode(root, true);
  node.setAttribute('role', 'img');
  if (label) node.setAttribute('aria-label', label);
  else if (!node.getAttribute('aria-label')) node.setAttribute('aria-label', 'QR code du bon');
  node.setAttribute('focusable', 'false');
  node.classList.add('qr');
  return node;
}

/** « Quotient familial inférieur à 1 000 € » plus what a session then costs the parent. */
export function tierCostText(tier) {
  return tier.coPaymentCents > 0 ? `vous payez ${formatEuros(tier.coPaymentCents)} par séance` : 'vous ne payez rien';
}

/** The services in the order of the site, with their tariff in these rules. */
function tariffRows(rules) {
  const tariffs = rules.tariffCents || {};
  const known = SERVICES.filter((s) => Object.hasOwn(tariffs, s.code));
  const others = Object.keys(tariffs).filter((code) => !serviceByCode(code)).map((code) => ({ code, heading: code }));
  return [...known, ...others].map((s) => ({ code: s.code, heading: s.heading, cents: tariffs[s.code] }));
}

/**
 * « Ce que coûte une séance » : a table, services in rows, the session's price and what the
 * parent pays in each income tier.
 */
export function costTable(rules, { caption, id } = {}) {
  const tiers = Array.isArray(rules.tiers) ? rules.tiers : [];
  return h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': id, tabindex: '0' },
    h('table', { class: 'tableau' },
      h('caption', { id }, caption || 'Ce que coûte une séance'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Service'),
        h('th', { scope: 'col' }, 'Prix de la séance, payé au professionnel'),
        tiers.map((t) => h('th', { scope: 'col' }, `Vous payez : tranche ${t.code} (${t.label})`)))),
      h('tbody', {}, tariffRows(rules).map((row) => h('tr', {},
        h('th', { scope: 'row' }, row.heading),
        h('td', {}, formatEuros(row.cents)),
        tiers.map((t) => h('td', {}, formatEuros(t.coPaymentCents))))))));
}

/** « du 1 janvier 2026 au 23 novembre 2026 », « depuis le 1 janvier 2026 », « à partir du … ». */
export function periodText(rules, { today } = {}) {
  const from = formatDate(rules.validFrom);
  if (rules.validUntil) {
    // validUntil is the first day of the next version: the last day is the day before.
    const last = new Date(`${rules.validUntil}T00:00:00Z`);
    last.setUTCDate(last.getUTCDate() - 1);
    return `du ${from} au ${formatDate(last.toISOString().slice(0, 10))} inclus`;
  }
  if (today && rules.validFrom > today) return `à partir du ${from}`;
  return `depuis le ${from}`;
}

/**
 * The public « Le programme » section: the rules in force (sessions per service, validity, what a
 * session costs by tier) and the announced versions.
 */
export function programmeSection(book, { id = 'titre-programme', headingLevel = 2 } = {}) {
  const rules = book?.inForce;
  const section = h('section', { class: 'bloc programme', 'aria-labelledby': id },
    h(`h${headingLevel}`, { id, class: 'bloc__titre' }, 'Le programme Passerelle : les bons'));
  if (!rules) {
    section.append(h('p', {}, 'Les règles du programme ne sont pas disponibles pour le moment.'));
    return section;
  }
  const names = SERVICES.map((s) => s.heading.toLowerCase());
  section.append(
    h('ul', { class: 'programme__points' },
      h('li', {}, h('strong', {}, `${plural(rules.sessionsPerService, 'séance', 'séances')} par service`),
        ` : ${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}. Un bon vaut une séance.`),
      h('li', {}, h('strong', {}, `Chaque bon est valable ${plural(rules.validityMonths, 'mois', 'mois')}`), ' à partir du jour où vous le recevez.'),
      h('li', {}, 'Le programme paie la séance au professionnel agréé ; vous ne réglez que votre participation, selon votre quotient familial :'),
    ),
    h('ul', { class: 'programme__tranches' }, (rules.tiers || []).map((t) => h('li', {},
      h('strong', {}, `Tranche ${t.code} — ${t.label}`), ` : ${tierCostText(t)}.`))),
    costTable(rules, { id: `${id}-tableau`, caption: `Ce que coûte une séance (règles ${periodText(rules)})` }));
  const upcoming = Array.isArray(book.upcoming) ? book.upcoming : [];
  for (const next of upcoming) {
    section.append(h('div', { class: 'avis avis--info', role: 'note' },
      h('p', {}, h('strong', {}, `Nouvelles règles à partir du ${formatDate(next.validFrom)} : `),
        `${plural(next.sessionsPerService, 'séance', 'séances')} par service, bons valables ${plural(next.validityMonths, 'mois', 'mois')} ; `,
        (next.tiers || []).map((t) => `tranche ${t.code} (${t.label}) : ${tierCostText(t)}`).join(' ; '), '. ',
        'Les bons déjà reçus gardent leurs conditions.')));
  }
  return section;
}
