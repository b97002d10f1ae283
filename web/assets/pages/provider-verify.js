// « Vérifier un bon » (role provider, approved): the code a parent shows, typed or scanned from
// its QR code (with the device's camera, see scanner.js), and what the
// answer means: valid (service, last day, what to collect from the parent) or why not.

import { postJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement } from '../dom.js';
import { formatDate, formatEuros } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { formErrors } from '../form-errors.js';
import { approvedRecord } from '../providers.js';
import { serviceByCode, groupCode, codeFromScan } from '../vouchers.js';
import { qrScanner } from '../scanner.js';

const TITLE = 'Vérifier un bon';
const P = 'verif';

/** Why a code is not valid, in words; `expiresOn` when the API gives it. */
function reasonText(reason, result) {
  switch (reason) {
    case 'typo':
      return ['Le code semble mal saisi : vérifiez chaque caractère.',
        'Un code compte trois lettres, puis sept groupes de chiffres et de lettres. La lettre O se lit comme le chiffre 0, les lettres I et L comme le chiffre 1.'];
    case 'unknown':
      return ['Ce code n’est pas valable pour vous.',
        'Il n’existe pas, ou il a été émis pour un autre service ou pour un autre professionnel. Ne réalisez pas la séance au titre du programme : le parent peut vérifier ses bons sur son espace.'];
    case 'expired':
      return [`Ce bon a expiré${result.expiresOn ? ` : il était valable jusqu’au ${formatDate(result.expiresOn)} inclus` : ''}.`,
        'Il ne peut plus être utilisé. Le parent peut demander un nouveau bon s’il lui reste des séances.'];
    case 'redeemed':
      return ['Ce bon a déjà été utilisé pour une séance.', 'Un bon ne vaut qu’une séance : il ne peut pas servir une seconde fois.'];
    case 'returned':
      return ['Le parent a rendu ce bon : il n’est plus valable.', 'La séance est redevenue disponible pour le parent, qui peut demander un nouveau bon.'];
    default:
      return ['Ce bon n’est pas valable.', ''];
  }
}

function resultBox(result, code) {
  if (result.valid) {
    const service = serviceByCode(result.service);
    return h('div', { class: 'verdict verdict--valable' },
      h('h2', { class: 'verdict__titre', tabindex: '-1' }, 'Bon valable'),
      h('dl', { class: 'fiche' },
        h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Code vérifié'), h('dd', {}, h('span', { class: 'code-bon' }, code))),
        h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Service'), h('dd', {}, service?.label || result.service || '')),
        h('div', { class: 'fiche__ligne' }, h('dt', {}, 'Valable jusqu’au'), h('dd', {}, `${formatDate(result.expiresOn)} inclus`)),
        h('div', { class: 'fiche__ligne' }, h('dt', {}, 'À demander au parent'),
          h('dd', {}, result.coPaymentCents > 0
            ? h('strong', {}, `${formatEuros(result.coPaymentCents)} de participation, pas davantage`)
            : h('strong', {}, 'Rien : la séance est entièrement payée par le programme')))),
      h('p', {}, 'Vérifier ne consomme pas le bon : il reste valable jusqu’à la séance.'));
  }
  const [first, second] = reasonText(result.reason, result);
  return h('div', { class: 'verdict verdict--refuse' },
    h('h2', { class: 'verdict__titre', tabindex: '-1' }, 'Bon non valable'),
    h('p', { class: 'verdict__raison' }, h('strong', {}, first)),
    second ? h('p', {}, second) : null,
    h('p', { class: 'verdict__code' }, 'Code saisi : ', h('span', { class: 'code-bon' }, code)));
}

function verifyForm(context) {
  const summaryArea = h('div', { class: 'formulaire__resume' });
  const errors = formErrors({ summaryArea, context, pageTitle: TITLE, idPrefix: P });
  const input = h('input', {
    id: `${P}-code`, name: 'code', type: 'text', inputmode: 'text', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', maxlength: '48', class: 'champ__saisie champ__saisie--code', 'aria-describedby': `${P}-code-aide`,
  });
  const field = h('div', { class: 'champ' },
    h('label', { for: input.id, class: 'champ__libelle' }, 'Code du bon'),
    h('p', { id: `${P}-code-aide`, class: 'champ__aide' }, 'Il est imprimé sous le QR code, par exemple PSY-26SY-7JCV-NKHM-VA6N-7TX5-GFF6-BSS. Majuscules, tirets et espaces sont facultatifs.'),
    input);
  errors.register('code', { label: 'Code du bon', wrapper: field, focus: input, describe: input, hints: [`${P}-code-aide`], anchor: input });
  const result = h('div', { class: 'verification__resultat', id: `${P}-resultat`, 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'bouton' }, 'Vérifier');
  const form = h('form', { class: 'formulaire verification', novalidate: true, 'aria-label': 'Vérifier un code' },
    summaryArea, field, h('div', { class: 'formulaire__actions' }, submit));

  // Upper case and groups as printed, while typing at the end of the field; a pasted QR token
  // (JWS) becomes its code.
  input.addEventListener('input', () => {
    // A verdict shown for another code must not be read as this one's.
    if (result.firstChild) result.replaceChildren();
    const value = input.value;
    if (value.includes('.')) {
      const code = codeFromScan(value);
      if (code) {
        input.value = groupCode(code);
        return;
      }
    }
    const atEnd = input.selectionStart === value.length;
    if (atEnd) {
      input.value = groupCode(value);
    } else {
      const position = input.selectionStart;
      input.value = value.toUpperCase();
      input.setSelectionRange(position, position);
    }
  });

  async function verify() {
    const code = groupCode(input.value);
    if (!code) {
      result.replaceChildren();
      errors.show('Il y a un problème', null, [{ key: 'code', detail: 'Saisissez le code du bon, ou scannez son QR code.' }]);
      return;
    }
    errors.clear();
    submit.setAttribute('aria-disabled', 'true');
    result.replaceChildren(h('p', { class: 'chargement' }, 'Vérification en cours…'));
    try {
      const answer = await postJson('/api/vouchers/verify', { code: input.value.trim() }, { signal: context.signal });
      if (context.signal.aborted) return;
      result.replaceChildren(resultBox(answer, code));
      context.setTitle(`${answer.valid ? 'Bon valable' : 'Bon non valable'} · ${TITLE}`);
    } catch (error) {
      if (error?.name === 'AbortError' || context.signal.aborted) return;
      result.replaceChildren();
      if (isSignInProblem(error)) {
        summaryArea.replaceChildren(signInInvite({ reason: 'expired' }));
        focusElement(summaryArea.querySelector('h2'));
        return;
      }
      const problem = error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'La vérification n’a pas abouti. Réessayez.' });
      const aboutCode = problem.fieldErrors.find((e) => e.pointer === '#/code');
      if (aboutCode) errors.show(problem.title, null, [{ key: 'code', detail: problem.detail || aboutCode.detail }]);
      else errors.showProblem(problem);
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.getAttribute('aria-disabled') !== 'true') verify();
  });

  return {
    form,
    result,
    useCode(code) {
      input.value = groupCode(code);
      verify();
    },
  };
}

export default {
  path: '/prestataire/verifier',
  title: TITLE,
  navLabel: 'Vérifier un bon',
  roles: ['provider'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'provider', 'prestataires')) return;
    if (!await approvedRecord(container, context.signal, 'vérifier un bon')) return;

    const { form, result, useCode } = verifyForm(context);
    container.append(
      h('p', { class: 'introduction' }, 'Avant la séance, vérifiez le bon que le parent vous présente : saisissez son code, ou scannez son QR code. La réponse dit si le bon est valable pour vous et ce que vous pouvez demander au parent.'),
      form);
    const scan = qrScanner({
      idPrefix: P,
      context,
      onScan(raw) {
        const code = codeFromScan(raw);
        if (code) useCode(code);
        return Boolean(code);
      },
    });
    if (scan) form.after(scan);
    container.append(result);
  },
};
