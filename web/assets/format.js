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
