// Small DOM helpers: build elements without innerHTML, so data never becomes markup.

/**
 * h('p', { class: 'x', id: 'y' }, 'texte', otherNode, [more, nodes])
 * Attributes: class, text, dataset-free; `on<event>` functions become listeners;
 * false/null/undefined attributes are skipped, true becomes "".
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Moves focus to an element that is not focusable by itself (a heading, a box). */
export function focusElement(element) {
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus({ preventScroll: true });
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  element.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
}

/**
 * A box that explains an API problem: its title, its detail and each errors[].detail.
 * @param {import('./api.js').ApiProblem} problem
 */
export function problemBox(problem, { id, headingLevel = 2 } = {}) {
  const same = (a, b) => a.trim().replace(/[.\s]+$/, '').toLowerCase() === (b || '').trim().replace(/[.\s]+$/, '').toLowerCase();
  const details = problem.errors
    .map((e) => e.detail)
    .filter((d) => d && !same(d, problem.detail) && !same(d, problem.title));
  return h('div', { class: 'probleme', id, role: 'alert' },
    h(`h${headingLevel}`, { class: 'probleme__titre', tabindex: '-1' }, problem.title),
    problem.detail ? h('p', { class: 'probleme__detail' }, problem.detail) : null,
    details.length ? h('ul', { class: 'probleme__liste' }, details.map((d) => h('li', {}, d))) : null);
}
