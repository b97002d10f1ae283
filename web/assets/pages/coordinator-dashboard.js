// « Tableau de bord » (roles coordinator and agent): the coordination figures of a department,
// month by month and service by service, with charts drawn as inline SVG (each with a title, a
// description and the table it draws, so nothing is only visual) and a CSV download.
// A coordinator sees the department of their token only; an agent sees the national view or
// picks a department.

import { getJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, problemBox } from '../dom.js';
import { formatEuros, formatNumber } from '../format.js';
import { currentSession } from '../session.js';
import { signInInvite } from '../access.js';
import { serviceByCode } from '../vouchers.js';

const TITLE = 'Tableau de bord';
const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const monthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: '2-digit', timeZone: 'UTC' });
const longMonthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthLabel = (ym) => monthFormat.format(new Date(`${ym}-01T00:00:00Z`));
const longMonth = (ym) => longMonthFormat.format(new Date(`${ym}-01T00:00:00Z`));
const serviceLabel = (code) => serviceByCode(code)?.heading || code;

/** Sums the rows of each month over the services chosen. */
export function byMonth(rows, service) {
  const months = new Map();
  for (const r of rows) {
    if (service && r.service !== service) continue;
    const m = months.get(r.month) || { month: r.month, parentsHelped: 0, issued: 0, redeemed: 0, expired: 0, returned: 0, committedBalanceCents: 0, paidCents: 0, activeProviders: 0, distanceCount: 0, distanceMetres: 0, buckets: [0, 0, 0, 0] };
    for (const k of ['parentsHelped', 'issued', 'redeemed', 'expired', 'returned', 'committedBalanceCents', 'paidCents', 'activeProviders', 'distanceCount']) m[k] += r[k] || 0;
    if (r.averageDistanceKm !== null && r.averageDistanceKm !== undefined) m.distanceMetres += r.averageDistanceKm * 1000 * r.distanceCount;
    m.buckets[0] += r.distanceUnder5 || 0;
    m.buckets[1] += r.distance5to15 || 0;
    m.buckets[2] += r.distance15to30 || 0;
    m.buckets[3] += r.distanceOver30 || 0;
    months.set(r.month, m);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/** A bar chart of some series per month, with its title and description for assistive technologies. */
function barChart({ id, title, description, months, series, format = formatNumber, labelOf = (m) => monthLabel(m.month), longLabelOf = (m) => longMonth(m.month) }) {
  const width = 640;
  const height = 240;
  const left = 48;
  const bottom = 28;
  const top = 12;
  const max = Math.max(1, ...months.flatMap((m) => series.map((x) => Math.max(0, x.value(m)))));
  const groupWidth = (width - left - 8) / Math.max(1, months.length);
  const barWidth = Math.max(2, (groupWidth - 6) / series.length);
  const y = (v) => top + (height - top - bottom) * (1 - Math.max(0, v) / max);
  const bars = [];
  months.forEach((m, i) => {
    series.forEach((x, j) => {
      const v = x.value(m);
      const x0 = left + i * groupWidth + 3 + j * barWidth;
      bars.push(s('rect', { x: x0.toFixed(1), y: y(v).toFixed(1), width: (barWidth - 1).toFixed(1), height: (height - bottom - y(v)).toFixed(1), class: `graphique__barre graphique__barre--${j}` },
        s('title', {}, `${longLabelOf(m)}, ${x.label} : ${format(v)}`)));
    });
    bars.push(s('text', { x: (left + i * groupWidth + groupWidth / 2).toFixed(1), y: height - 10, 'text-anchor': 'middle', class: 'graphique__etiquette' }, labelOf(m)));
  });
  const axis = [0, 0.5, 1].map((f) => s('g', {},
    s('line', { x1: left, x2: width - 4, y1: y(max * f), y2: y(max * f), class: 'graphique__grille' }),
    s('text', { x: left - 6, y: y(max * f) + 4, 'text-anchor': 'end', class: 'graphique__etiquette' }, format(Math.round(max * f)))));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-titre ${id}-desc`, class: 'graphique__svg', focusable: 'false' },
    s('title', { id: `${id}-titre` }, title),
    s('desc', { id: `${id}-desc` }, description),
    axis, bars);
  const legend = h('ul', { class: 'graphique__legende' }, series.map((x, j) => h('li', {},
    h('span', { class: `graphique__pastille graphique__barre--${j}`, 'aria-hidden': 'true' }), x.label)));
  return h('figure', { class: 'graphique', id },
    h('figcaption', { class: 'graphique__titre' }, title), svg, legend);
}

function describeSeries(months, series, format = formatNumber) {
  return months.map((m) => `${longMonth(m.month)} : ${series.map((x) => `${x.label} ${format(x.value(m))}`).join(', ')}`).join(' ; ') || 'Aucune donnée.';
}

function totals(months) {
  const last = months[months.length - 1];
  const sum = (k) => months.reduce((a, m) => a + m[k], 0);
  const distanceCount = sum('distanceCount');
  const metres = months.reduce((a, m) => a + m.distanceMetres, 0);
  return [
    ['Parents aidés', formatNumber(sum('parentsHelped'))],
    ['Bons émis', formatNumber(sum('issued'))],
    ['Bons utilisés', formatNumber(sum('redeemed'))],
    ['Bons expirés', formatNumber(sum('expired'))],
    ['Bons rendus', formatNumber(sum('returned'))],
    ['Engagé (bons émis non utilisés, fin de période)', formatEuros(last ? last.committedBalanceCents : 0)],
    ['Payé aux professionnels', formatEuros(sum('paidCents'))],
    ['Prestataires actifs (fin de période)', formatNumber(last ? last.activeProviders : 0)],
    ['Distance moyenne parent – professionnel', distanceCount ? `${(metres / distanceCount / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km` : '—'],
  ];
}

function table(rows) {
  const captionId = 'titre-tableau-coordination';
  return h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
    h('table', { class: 'tableau' },
      h('caption', { id: captionId }, 'Chiffres par mois et par service'),
      h('thead', {}, h('tr', {}, ['Mois', 'Service', 'Parents aidés', 'Émis', 'Utilisés', 'Expirés', 'Rendus', 'Engagé (solde)', 'Payé', 'Prestataires actifs', 'Distance moyenne']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {},
        h('th', { scope: 'row' }, longMonth(r.month)),
        h('td', {}, serviceLabel(r.service)),
        h('td', {}, formatNumber(r.parentsHelped)),
        h('td', {}, formatNumber(r.issued)),
        h('td', {}, formatNumber(r.redeemed)),
        h('td', {}, formatNumber(r.expired)),
        h('td', {}, formatNumber(r.returned)),
        h('td', {}, formatEuros(r.committedBalanceCents)),
        h('td', {}, formatEuros(r.paidCents)),
        h('td', {}, formatNumber(r.activeProviders)),
        h('td', {}, r.averageDistanceKm === null || r.averageDistanceKm === undefined ? '—' : `${r.averageDistanceKm.toLocaleString('fr-FR')} km`))))));
}

/** Downloads the CSV export with the session's token (a plain link could not send it). */
async function downloadCsv(path, query, status) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query)) if (v) url.searchParams.set(k, v);
  status.textContent = 'Préparation du fichier…';
  const response = await fetch(url, { headers: { Authorization: `Bearer ${currentSession()?.token}`, Accept: 'text/csv' }, cache: 'no-store' });
  if (!response.ok) {
    status.textContent = 'Le fichier n’a pas pu être préparé. Réessayez.';
    return;
  }
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') || '')?.[1] || 'passerelle.csv';
  const a = h('a', { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  status.textContent = `Fichier ${name} téléchargé.`;
}

export default {
  path: '/coordination',
  title: TITLE,
  navLabel: 'Tableau de bord',
  roles: ['coordinator', 'agent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    const session = currentSession();
    if (!session || !['coordinator', 'agent'].includes(session.role)) {
      container.append(signInInvite({ reason: session ? 'role' : 'required', who: 'coordinations départementales et agents', session }));
      return;
    }
    const agent = session.role === 'agent';
    const base = agent ? '/api/back-office/dashboard' : '/api/coordination/dashboard';
    const query = { from: params.du, to: params.au, department: agent ? params.departement : undefined };

    const form = h('form', { class: 'formulaire formulaire--ligne', 'aria-label': 'Période et périmètre', method: 'get' });
    const field = (id, label, value, attrs = {}) => h('div', { class: 'champ' },
      h('label', { for: id, class: 'champ__libelle' }, label),
      h('input', { id, name: id, class: 'champ__saisie champ__saisie--court', value: value || '', ...attrs }));
    form.append(...[
      agent ? field('coordination-departement', 'Département (vide : national)', params.departement, { autocomplete: 'off', spellcheck: 'false', maxlength: '3' }) : null,
      field('coordination-du', 'Premier mois', params.du, { type: 'month' }),
      field('coordination-au', 'Dernier mois', params.au, { type: 'month' }),
      h('button', { type: 'submit', class: 'bouton' }, 'Afficher')].filter(Boolean));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      context.navigate('/coordination', {
        departement: agent ? form.querySelector('#coordination-departement').value.trim().toUpperCase() : undefined,
        du: form.querySelector('#coordination-du').value,
        au: form.querySelector('#coordination-au').value,
      });
    });
    const results = h('div', { 'aria-busy': 'true' }, h('p', { class: 'chargement' }, 'Chargement des chiffres…'));
    container.append(form, results);

    let figures;
    try {
      figures = await getJson(base, { query, signal: context.signal });
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      results.removeAttribute('aria-busy');
      if (isSignInProblem(error)) results.replaceChildren(signInInvite({ reason: 'expired' }));
      else results.replaceChildren(problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Erreur' })));
      return;
    }
    results.removeAttribute('aria-busy');
    const area = figures.area === 'ALL' ? 'France entière' : `Département ${figures.area}`;
    context.setTitle(`${TITLE} : ${area}`);
    const months = byMonth(figures.rows);
    const status = h('p', { class: 'statut-telechargement', role: 'status' });
    const download = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Télécharger en CSV');
    download.addEventListener('click', () => downloadCsv(`${base}/export`, query, status));

    const issuedSeries = [
      { label: 'Bons émis', value: (m) => m.issued },
      { label: 'Bons utilisés', value: (m) => m.redeemed },
      { label: 'Bons expirés ou rendus', value: (m) => m.expired + m.returned },
    ];
    const moneySeries = [
      { label: 'Engagé (solde)', value: (m) => m.committedBalanceCents },
      { label: 'Payé', value: (m) => m.paidCents },
    ];
    const bucketLabels = ['moins de 5 km', '5 à 15 km', '15 à 30 km', 'plus de 30 km'];
    const buckets = bucketLabels.map((label, i) => ({ label, value: months.reduce((a, m) => a + m.buckets[i], 0) }));

    results.replaceChildren(
      h('h2', {}, `${area}, de ${longMonth(figures.from)} à ${longMonth(figures.to)}`),
      h('dl', { class: 'chiffres-cles' }, totals(months).map(([label, value]) => h('div', { class: 'chiffres-cles__item' },
        h('dt', {}, label), h('dd', {}, value)))),
      h('p', { class: 'note' }, 'Les chiffres sont tenus à jour à chaque événement (émission, utilisation, retour, expiration, agrément, paiement). Le montant payé apparaît après chaque campagne de remboursement.'),
      h('div', { class: 'actions' }, download, status),
      barChart({ id: 'graphique-bons', title: 'Bons par mois', description: describeSeries(months, issuedSeries), months, series: issuedSeries }),
      barChart({ id: 'graphique-argent', title: 'Engagé et payé par mois', description: describeSeries(months, moneySeries, formatEuros), months, series: moneySeries, format: (c) => formatEuros(c) }),
      barChart({ id: 'graphique-distance', title: 'Distance entre le parent et le professionnel (séances de la période)',
        description: buckets.map((d) => `${d.label} : ${d.value} séance(s)`).join(', '),
        months: buckets, labelOf: (b) => b.label, longLabelOf: (b) => b.label,
        series: [{ label: 'Séances', value: (b) => b.value }] }),
      table(figures.rows.filter((r) => r.issued || r.redeemed || r.expired || r.returned || r.activeProviders || r.paidCents || r.committedBalanceCents)));
    context.announce(`${area} : chiffres affichés.`);
  },
};
