// « Remboursements » (role agent): start a run on demand, watch the run in progress (the page
// polls while one runs), the history of runs with their totals and control sums, and the SEPA
// payment file of each completed run. Runs also start on their own every Monday morning.

import { getJson, postJson, ApiProblem, isSignInProblem } from '../api.js';
import { h, focusElement, problemBox } from '../dom.js';
import { formatDateTime, formatEuros, formatNumber, plural } from '../format.js';
import { requireRole, signInInvite } from '../access.js';
import { downloadFile } from '../download.js';
import { hrefFor } from '../router.js';

const TITLE = 'Remboursements';
const POLL_MS = 1500;

const STATUSES = {
  running: { label: 'En cours', code: 'en-cours' },
  completed: { label: 'Terminé', code: 'termine' },
  blocked: { label: 'Arrêté', code: 'arrete' },
};

function statusBadge(run) {
  const s = STATUSES[run.status] || { label: run.status, code: 'inconnu' };
  return h('span', { class: `statut statut--remboursement-${s.code}` }, s.label);
}

function progressText(run) {
  if (run.providersTotal === null || run.providersTotal === undefined) return 'Recherche des prestataires à régler…';
  return `${formatNumber(run.providersDone)} ${plural(run.providersDone, 'prestataire réglé', 'prestataires réglés')} sur ${formatNumber(run.providersTotal)}`;
}

function progressBlock(run) {
  const total = run.providersTotal ?? 0;
  return h('section', { class: 'bloc', 'aria-labelledby': 'titre-en-cours' },
    h('h2', { id: 'titre-en-cours', class: 'bloc__titre' }, `Remboursement en cours (${run.id})`),
    h('p', {}, `Lancé le ${formatDateTime(run.startedAt)} ; il règle tout ce qui a été déclaré jusqu’au ${formatDateTime(run.cutoff)}.`),
    h('progress', { class: 'avancement', max: String(Math.max(total, 1)), value: String(Math.min(run.providersDone, Math.max(total, 1))), 'aria-labelledby': 'titre-en-cours', 'aria-describedby': 'texte-avancement' }),
    h('p', { id: 'texte-avancement', class: 'avancement__texte' }, progressText(run), ` · ${formatEuros(run.controlSumCents)} à virer pour l’instant`));
}

/** A stopped run: why (the reason the run recorded), and a way to resume it once the cause is fixed. */
function blockedCell(run, onResume) {
  const button = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Reprendre');
  button.setAttribute('aria-label', `Reprendre le remboursement ${run.id}`);
  button.addEventListener('click', () => onResume(run, button));
  return h('div', {}, h('span', { class: 'tableau__note' }, run.problem || 'Arrêté.'), button);
}

function fileCell(run, context, onResume) {
  if (run.status === 'blocked') return blockedCell(run, onResume);
  if (run.status !== 'completed') return run.problem ? h('span', { class: 'tableau__note' }, run.problem) : '—';
  if (!run.fileReference) return h('span', { class: 'tableau__note' }, 'Aucun virement à faire');
  const button = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Télécharger le fichier de virements');
  button.setAttribute('aria-label', `Télécharger le fichier de virements ${run.fileReference}`);
  button.addEventListener('click', async () => {
    try {
      await downloadFile(`/api/back-office/reimbursement-runs/${encodeURIComponent(run.id)}/payment-file`, `virements-${run.id}.xml`);
      context.announce(`Fichier ${run.fileReference} téléchargé.`);
    } catch (error) {
      context.announce(error?.detail || 'Le fichier n’a pas pu être téléchargé.');
    }
  });
  return h('div', {}, button, h('span', { class: 'tableau__note' }, `Référence ${run.fileReference}`));
}

function historyTable(runs, context, onResume) {
  const captionId = 'titre-historique-tableau';
  return h('div', { class: 'tableau-defilant', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
    h('table', { class: 'tableau tableau--remboursements' },
      h('caption', { id: captionId }, 'Remboursements, du plus récent au plus ancien'),
      h('thead', {}, h('tr', {}, ['Remboursement', 'Statut', 'Prestataires', 'Séances', 'Total des relevés', 'Total de contrôle (viré)', 'Virements', 'Fichier']
        .map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, runs.map((run) => h('tr', {},
        h('th', { scope: 'row' }, formatDateTime(run.startedAt),
          h('span', { class: 'tableau__note' }, `${run.id} · ${run.requestedBy === 'schedule' ? 'programmé' : 'lancé par un agent'}`)),
        h('td', {}, statusBadge(run)),
        h('td', {}, run.status === 'running' ? progressText(run) : formatNumber(run.providersDone)),
        h('td', {}, formatNumber(run.lines)),
        h('td', {}, formatEuros(run.linesTotalCents)),
        h('td', {}, formatEuros(run.controlSumCents)),
        h('td', {}, formatNumber(run.transfers)),
        h('td', {}, fileCell(run, context, onResume)))))));
}

/** The transfers the latest run held back (no reviewed account payable), with why and what waits. */
function heldSection(run) {
  return h('section', { class: 'bloc', 'aria-labelledby': 'titre-retenus', 'data-held-transfers': '' },
    h('h2', { id: 'titre-retenus', class: 'bloc__titre' }, `Virements retenus par le remboursement ${run.id}`),
    h('p', {}, 'Ces séances ne sont pas réglées : le premier remboursement qui suit la vérification du compte les paiera.'),
    h('ul', {}, run.held.map((x) => h('li', {},
      h('a', { href: hrefFor(`/back-office/prestataires/${encodeURIComponent(x.providerId)}`) }, `Prestataire ${x.providerId.slice(0, 8)}…`),
      ` : ${formatEuros(x.waitingCents)} (${plural(x.sessions, 'séance', 'séances')}). ${x.reason}`))));
}

async function load(context) {
  return getJson('/api/back-office/reimbursement-runs', { query: { limit: 50 }, signal: context.signal });
}

export default {
  path: '/back-office/remboursements',
  title: TITLE,
  navLabel: 'Remboursements',
  roles: ['agent'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'agent', 'agents du programme')) return;
    const notice = h('div', { class: 'non-imprime' });
    const held = h('div', {});
    const current = h('div', {});
    const history = h('section', { class: 'bloc', 'aria-labelledby': 'titre-historique' },
      h('h2', { id: 'titre-historique', class: 'bloc__titre' }, 'Historique'),
      h('p', { class: 'chargement', role: 'status' }, 'Chargement des remboursements…'));
    const start = h('button', { type: 'button', class: 'bouton' }, 'Lancer un remboursement');
    container.append(
      h('p', { class: 'introduction' }, 'Un remboursement règle toutes les séances appliquées qu’aucun remboursement n’a encore réglées : un relevé par professionnel, puis un fichier de virements SEPA à transmettre à la banque. Il a lieu chaque lundi à 6 h (heure de Paris) ; vous pouvez aussi le lancer maintenant.'),
      h('p', {}, start), notice, current, held, history);

    let timer = null;
    let lastRunning = null;
    context.signal.addEventListener('abort', () => window.clearTimeout(timer));

    async function refresh() {
      let page;
      try {
        page = await load(context);
      } catch (error) {
        if (error?.name === 'AbortError' || context.signal.aborted) return;
        const box = isSignInProblem(error) ? signInInvite({ reason: 'expired' })
          : problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: 'Les remboursements n’ont pas pu s’afficher.' }));
        history.replaceChildren(h('h2', { id: 'titre-historique', class: 'bloc__titre' }, 'Historique'), box);
        return;
      }
      if (context.signal.aborted) return;
      const runs = page.items || [];
      const running = runs.find((r) => r.status === 'running');
      current.replaceChildren(...(running ? [progressBlock(running)] : []));
      if (lastRunning && !running) {
        const finished = runs.find((r) => r.id === lastRunning);
        if (finished) context.announce(finished.status === 'completed' ? `Remboursement ${finished.id} terminé.` : `Remboursement ${finished.id} arrêté : ${finished.problem || ''}`);
      }
      lastRunning = running?.id ?? null;
      if (running) start.setAttribute('aria-disabled', 'true'); else start.removeAttribute('aria-disabled');
      history.replaceChildren(h('h2', { id: 'titre-historique', class: 'bloc__titre' }, 'Historique'),
        runs.length ? historyTable(runs, context, resume) : h('p', {}, 'Aucun remboursement pour l’instant.'));
      const latest = runs.find((r) => r.status !== 'running');
      held.replaceChildren();
      if (latest) {
        try {
          const detail = await getJson(`/api/back-office/reimbursement-runs/${encodeURIComponent(latest.id)}`, { signal: context.signal });
          if (!context.signal.aborted && Array.isArray(detail.held) && detail.held.length) held.replaceChildren(heldSection(detail));
        } catch (error) {
          if (error?.name === 'AbortError' || context.signal.aborted) return;
        }
      }
      if (running) timer = window.setTimeout(refresh, POLL_MS);
    }

    async function resume(run, button) {
      if (button.getAttribute('aria-disabled') === 'true') return;
      button.setAttribute('aria-disabled', 'true');
      await postRunAction(`/api/back-office/reimbursement-runs/${encodeURIComponent(run.id)}/resume`, button,
        () => `Remboursement ${run.id} repris : suivez son avancement ci-dessous.`, 'Le remboursement n’a pas pu être repris.');
    }

    // Launching a run and resuming one are answered alike: the outcome in the notice (focused), then the runs
    // refreshed at once; on failure the button is usable again.
    async function postRunAction(path, button, doneText, failedDetail) {
      try {
        const answer = await postJson(path, {});
        const box = h('div', { class: 'succes', role: 'status', tabindex: '-1' }, h('p', {}, doneText(answer)));
        notice.replaceChildren(box);
        focusElement(box);
      } catch (error) {
        button.removeAttribute('aria-disabled');
        if (context.signal.aborted) return;
        const box = problemBox(error instanceof ApiProblem ? error : new ApiProblem({ title: 'Une erreur est survenue', detail: failedDetail }));
        notice.replaceChildren(box);
        focusElement(box.querySelector('h2') || box);
      }
      window.clearTimeout(timer);
      await refresh();
    }

    start.addEventListener('click', async () => {
      if (start.getAttribute('aria-disabled') === 'true') {
        context.announce('Un remboursement est déjà en cours.');
        return;
      }
      start.setAttribute('aria-disabled', 'true');
      await postRunAction('/api/back-office/reimbursement-runs', start,
        (run) => `Remboursement ${run.id} lancé : suivez son avancement ci-dessous.`, 'Le remboursement n’a pas pu être lancé.');
    });

    await refresh();
  },
};
