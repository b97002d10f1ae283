// Errors of a short form, GOV.UK style: each message next to its field (aria-invalid on inputs,
// aria-describedby) and a summary at the top of the form, focused, whose links move to the fields.
// (The long application form has its own, in application-form.js.)
//
//   const errors = formErrors({ summaryArea, context, pageTitle, idPrefix: 'bons' });
//   errors.register('sessions', { label: 'Nombre de séances', wrapper, focus: select, describe: select, hints: ['bons-sessions-aide'] });
//   errors.show('Il y a un problème', 'Un champ est à corriger.', [{ key: 'sessions', detail: '…' }]);
//   errors.showProblem(problem);   // an ApiProblem without field errors
//   errors.clear();

import { h, focusElement, problemBox } from './dom.js';

/**
 * @param {object} options
 * @param {HTMLElement} options.summaryArea where the summary (or a problem box) goes
 * @param {object} options.context      the page's router context (setTitle)
 * @param {string} options.pageTitle    prefixed with « Erreur : » while errors show
 * @param {string} options.idPrefix     prefix of the ids this helper creates
 * @param {number} [options.headingLevel]
 */
export function formErrors({ summaryArea, context, pageTitle, idPrefix, headingLevel = 2 }) {
  /** key → { label, wrapper, focus, describe, hints, invalid: boolean } */
  const fields = new Map();

  function register(key, spec) {
    fields.set(key, { hints: [], invalid: true, ...spec });
  }

  function describedBy(field, extra) {
    const ids = [...(field.hints || []), ...(extra ? [extra] : [])];
    if (ids.length) field.describe?.setAttribute('aria-describedby', ids.join(' '));
    else field.describe?.removeAttribute('aria-describedby');
  }

  function clearField(key) {
    const field = fields.get(key);
    if (!field) return;
    field.wrapper.classList.remove('champ--erreur');
    field.wrapper.querySelector(`#${idPrefix}-${key}-erreur`)?.remove();
    if (field.invalid) field.describe?.removeAttribute('aria-invalid');
    describedBy(field, null);
  }

  function clear() {
    for (const key of fields.keys()) clearField(key);
    summaryArea.replaceChildren();
    context.setTitle(pageTitle);
  }

  function showField(key, messages) {
    const field = fields.get(key);
    const id = `${idPrefix}-${key}-erreur`;
    const box = h('div', { id, class: 'champ__erreurs' },
      messages.map((m) => h('p', { class: 'champ__erreur' }, h('span', { class: 'visuellement-cache' }, 'Erreur : '), m)));
    // After the label (or legend) and its hint, before the input: where the eye goes next.
    const anchor = field.anchor || field.focus;
    if (anchor && anchor.parentElement && field.wrapper.contains(anchor)) anchor.before(box);
    else field.wrapper.append(box);
    field.wrapper.classList.add('champ--erreur');
    if (field.invalid) field.describe?.setAttribute('aria-invalid', 'true');
    describedBy(field, id);
  }

  /** Is the field shown (not inside something hidden)? */
  function visible(key) {
    const field = fields.get(key);
    return Boolean(field) && field.wrapper.isConnected && !field.wrapper.hidden && !field.wrapper.closest('[hidden]');
  }

  /**
   * Shows errors [{ key, detail }] next to their fields and in a summary; focuses it.
   * Errors whose key is unknown (or hidden) are listed in the summary only.
   */
  function show(title, detail, errors) {
    for (const key of fields.keys()) clearField(key);
    const byField = new Map();
    const unplaced = [];
    for (const e of errors) {
      if (e.key && visible(e.key)) {
        if (!byField.has(e.key)) byField.set(e.key, []);
        if (!byField.get(e.key).includes(e.detail)) byField.get(e.key).push(e.detail);
      } else if (!unplaced.includes(e.detail)) {
        unplaced.push(e.detail);
      }
    }
    const order = [...fields.keys()];
    const keys = [...byField.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const key of keys) showField(key, byField.get(key));

    const items = [];
    for (const key of keys) {
      const field = fields.get(key);
      const target = field.focus || field.wrapper;
      for (const message of byField.get(key)) {
        items.push(h('li', {}, h('a', {
          href: `#${target.id}`,
          onclick(event) {
            // A hash link would change the route: move the focus ourselves.
            event.preventDefault();
            const label = field.wrapper.querySelector('legend, label') || target;
            target.focus({ preventScroll: true });
            label.scrollIntoView({ block: 'center' });
          },
        }, `${field.label} : ${message}`)));
      }
    }
    for (const message of unplaced) items.push(h('li', {}, message));

    const titleId = `${idPrefix}-resume-titre`;
    const summary = h('div', { class: 'resume-erreurs', tabindex: '-1', 'aria-labelledby': titleId },
      h('div', { role: 'alert' },
        h(`h${headingLevel}`, { id: titleId, class: 'resume-erreurs__titre' }, title),
        detail ? h('p', {}, detail) : null,
        items.length ? h('ul', { class: 'resume-erreurs__liste' }, items) : null));
    summaryArea.replaceChildren(summary);
    context.setTitle(`Erreur : ${pageTitle}`);
    focusElement(summary);
  }

  /** An API problem that is not about fields (or not only): a box at the top, focused. */
  function showProblem(problem, ...extra) {
    for (const key of fields.keys()) clearField(key);
    const box = problemBox(problem, { headingLevel });
    box.append(...extra.filter(Boolean));
    summaryArea.replaceChildren(box);
    context.setTitle(`Erreur : ${pageTitle}`);
    focusElement(box.querySelector(`h${headingLevel}`));
    return box;
  }

  /** Marks one field as wrong without a summary (e.g. next to a problem box). */
  function markField(key, message) {
    if (!visible(key)) return;
    clearField(key);
    showField(key, [message]);
  }

  /** « Un champ est à corriger. » / « 3 champs sont à corriger. » */
  function countText(errors) {
    const n = new Set(errors.map((e) => e.key || e.detail)).size;
    return n === 1 ? 'Un champ est à corriger.' : `${n} champs sont à corriger.`;
  }

  return { register, show, showProblem, markField, clear, countText, fields };
}
