// French formatting (numbers, distances, dates, counts).

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const NBSP = '\u00a0';

export function formatNumber(n) {
  return decimal.format(n);
}

/** 1.2 → "1,2 km" (no-break space before the unit). */
export function formatKm(km) {
  return `${decimal.format(km)}${NBSP}km`;
}

/** 1.2 → "à 1,2 km"; under 100 m → "à moins de 100 m". */
export function formatDistance(km) {
  if (km < 0.1) return `à moins de 100${NBSP}m`;
  return `à ${formatKm(km)}`;
}

/** "2016-02-08" → "8 février 2016" (or the input when it is not a date). */
export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return iso || '';
  return longDate.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** plural(3, 'commune') → "3 communes"; plural(1, 'service') → "1 service". */
export function plural(count, singular, pluralForm = `${singular}s`) {
  return `${integer.format(count)} ${count > 1 ? pluralForm : singular}`;
}

/** A phone number as a tel: URI ("01 40 00 00 00" → "tel:0140000000"), or null. */
export function telHref(phone) {
  if (!phone) return null;
  const digits = String(phone).replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return digits.replace(/\D/g, '').length >= 3 ? `tel:${digits}` : null;
}

/** A website as a safe http(s) URL ("www.caf.fr" → "https://www.caf.fr/"), or null. */
export function webHref(website) {
  if (!website) return null;
  const text = String(website).trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text.replace(/^\/+/, '')}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** "https://www.caf.fr/allocataires/" → "www.caf.fr/allocataires" for display. */
export function webLabel(href) {
  return href.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
const dateOnly = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** "2026-11-23T12:15:36.22Z" → "23 novembre 2026 à 13:15" (heure de Paris), or the input. */
export function formatDateTime(iso) {
  const date = new Date(iso || '');
  return Number.isNaN(date.getTime()) ? (iso || '') : dateTime.format(date);
}

/** "2026-11-23T12:15:36.22Z" → "23 novembre 2026" (jour à Paris), or the input. */
export function formatDay(iso) {
  const date = new Date(iso || '');
  return Number.isNaN(date.getTime()) ? (iso || '') : dateOnly.format(date);
}

let languageNames = null;
try { languageNames = new Intl.DisplayNames(['fr'], { type: 'language' }); } catch { languageNames = null; }

/** "en" → "anglais" (the code itself when unknown). */
export function languageName(code) {
  try {
    const name = languageNames?.of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/** ["fr", "en"] → "français, anglais". */
export function languageList(codes) {
  return (Array.isArray(codes) ? codes : []).map(languageName).join(', ');
}

/** "FR7630006000011234567890189" → "FR76 3000 6000 0112 3456 7890 189" (masked values stay as they are). */
export function formatIban(iban) {
  const text = String(iban || '');
  if (/[^A-Za-z0-9\s]/.test(text)) return text;
  return text.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** A safe mailto: link, or null. */
export function mailHref(email) {
  const text = String(email || '').trim();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text) ? `mailto:${text}` : null;
}

const eurosWhole = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const eurosCents = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 5000 (centimes) → "50 €", 4950 → "49,50 €" (the input as text when it is not a number). */
export function formatEuros(cents) {
  const n = Number(cents);
  if (cents === null || cents === undefined || cents === '' || !Number.isFinite(n)) return String(cents ?? '');
  return (Number.isInteger(n) && n % 100 === 0 ? eurosWhole : eurosCents).format(n / 100);
}

/** 5000 → "50" and 4950 → "49,50", for a field in euros (the unit is shown next to it). */
export function eurosFieldValue(cents) {
  const n = Number(cents);
  if (!Number.isFinite(n)) return '';
  return n % 100 === 0 ? String(n / 100) : (n / 100).toFixed(2).replace('.', ',');
}

/** "49,50", "49.5", "50 €", "1 000" → centimes (4950, 5000, 100000), or null when it is not an amount. */
export function parseEuros(text) {
  const cleaned = String(text ?? '').replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Paris, plus `days`, as "YYYY-MM-DD". */
export function parisDate(days = 0) {
  const today = parisDay.format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** "2026-11-24" plus one day → "2026-11-25". */
export function addDays(iso, days) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return iso;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}
