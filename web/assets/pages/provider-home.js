// « Mon dossier » (role provider): where the application stands, and what it holds; the
// application form when there is none yet.

import { h, focusElement } from '../dom.js';
import { hrefFor, navigate } from '../router.js';
import { formatDateTime, formatDay } from '../format.js';
import { requireRole } from '../access.js';
import { setFlash, takeFlash } from '../flash.js';
import { statusBadge, recordDetails, ownRecord } from '../providers.js';
import { applicationForm } from '../application-form.js';

const TITLE = 'Mon dossier';

/** What the provider reads after saving, depending on the status before and after. */
export function savedMessage(saved, before) {
  if (!before) return 'Votre candidature a été déposée. Un agent du programme va l’examiner.';
  const pending = saved.bankDetails?.pending;
  const newPending = pending && (!before.bankDetails?.pending || before.bankDetails.pending.requestedAt !== pending.requestedAt);
  const bankNote = !newPending ? ''
    : pending.previousAccountClosed
      ? ' Votre nouveau compte bancaire doit être vérifié par un agent : vos virements sont retenus jusque-là, puis versés sur le nouveau compte.'
      : ' Votre nouveau compte bancaire doit être vérifié par un agent avant tout paiement : d’ici là, vos virements continuent sur le compte vérifié.';
  if (before.status === 'approved' && saved.status === 'approved') {
    return `Vos modifications sont enregistrées et publiées dans l’annuaire.${bankNote}`;
  }
  if (before.status === 'approved') {
    return `Vos modifications sont enregistrées. Elles touchent votre identité, votre inscription ou l’adresse du cabinet : un agent doit les vérifier, et votre fiche est retirée de l’annuaire jusqu’à sa décision.${bankNote}`;
  }
  if (before.status === 'rejected') return 'Votre candidature corrigée a été redéposée : un agent va l’examiner à nouveau.';
  return 'Vos corrections sont enregistrées ; votre candidature reste en cours d’examen.';
}

function statusPanel(record) {
  const parts = [];
  const editLink = (text, primary = false) => h('p', {},
    h('a', { href: hrefFor('/prestataire/candidature'), class: primary ? 'bouton' : 'bouton bouton--secondaire' }, text));
  const reason = (label) => (record.reason
    ? h('div', { class: 'motif' }, h('p', { class: 'motif__titre' }, label), h('p', { class: 'motif__texte' }, record.reason))
    : null);
  switch (record.status) {
    case 'submitted':
      parts.push(
        h('p', {}, `Votre candidature a été déposée le ${formatDateTime(record.submittedAt)}. Un agent du programme l’examine : sa décision s’affichera ici.`),
        h('p', {}, 'Tant qu’elle est en cours d’examen, vous pouvez encore la corriger.'),
        editLink('Modifier ma candidature'));
      break;
    case 'approved':
      parts.push(
        h('p', {}, `Votre dossier est agréé${record.decidedAt ? ` depuis le ${formatDay(record.decidedAt)}` : ''}. Vous êtes référencé(e) dans l’annuaire de Passerelle : les parents de votre zone vous trouvent quand ils cherchent de l’aide près de chez eux.`),
        h('p', {}, h('a', { href: hrefFor(`/prestataires/${encodeURIComponent(record.id)}`) }, 'Voir ma fiche publique dans l’annuaire')),
        h('p', {}, 'Après une séance avec un parent, déclarez-la avec son bon : ',
          h('a', { href: hrefFor('/prestataire/seances') }, 'Déclarer une séance et suivre mes déclarations'), '.'),
        h('p', {}, 'Vos coordonnées, votre zone, vos langues et vos modalités d’accueil se mettent à jour aussitôt. Un changement de nom, de profession, d’inscription ou d’adresse du cabinet repasse par un agent : votre fiche est alors retirée de l’annuaire jusqu’à sa décision. Un nouveau compte bancaire est vérifié par un agent avant d’être payé, sans toucher à votre fiche.'),
        editLink('Mettre à jour mon dossier'));
      break;
    case 'rejected':
      parts.push(
        h('p', {}, `Votre candidature a été refusée${record.decidedAt ? ` le ${formatDay(record.decidedAt)}` : ''}.`),
        reason('Motif du refus'),
        h('p', {}, 'Corrigez ce qui est demandé, puis redéposez votre candidature : elle sera examinée à nouveau.'),
        editLink('Corriger et redéposer', true));
      break;
    case 'suspended':
      parts.push(
        h('p', {}, `Votre agrément est suspendu${record.decidedAt ? ` depuis le ${formatDay(record.decidedAt)}` : ''} : votre fiche n’apparaît plus dans l’annuaire, et votre dossier ne peut pas être modifié.`),
        reason('Motif de la suspension'),
        h('p', {}, 'Pour en parler ou demander le rétablissement de votre agrément, contactez l’équipe du programme Passerelle.'));
      break;
    default:
      parts.push(h('p', {}, `Statut : ${record.status}.`));
  }
  return h('section', { class: `etat etat--${record.status}`, 'aria-labelledby': 'titre-etat' },
    h('h2', { id: 'titre-etat', class: 'etat__titre' }, 'Où en est mon dossier ? ', statusBadge(record.status, { forProvider: true })),
    parts);
}

export default {
  path: '/prestataire',
  title: TITLE,
  navLabel: 'Mon dossier',
  roles: ['provider'],

  async render(container, params, context) {
    container.append(h('h1', {}, TITLE));
    if (!requireRole(container, 'provider', 'prestataires')) return;
    const flash = takeFlash();
    const loaded = await ownRecord(container, context.signal, { loadingText: 'Chargement de votre dossier…' });
    if (!loaded) return;
    const record = loaded.record;

    if (!record) {
      container.append(
        h('section', { 'aria-labelledby': 'titre-candidature' },
          h('h2', { id: 'titre-candidature' }, 'Déposer ma candidature'),
          h('p', { class: 'introduction' },
            'Vous n’avez pas encore déposé de candidature. Remplissez ce formulaire : un agent du programme l’examinera, puis, une fois agréé(e), vous apparaîtrez dans l’annuaire que consultent les parents.'),
          applicationForm({
            record: null,
            context,
            pageTitle: TITLE,
            headingLevel: 3,
            onSaved(saved) {
              setFlash(savedMessage(saved, null));
              navigate('/prestataire');
            },
          })));
      return;
    }

    if (flash) {
      const box = h('div', { class: 'succes', role: 'status' }, h('p', {}, flash));
      container.append(box);
      // Focusing the message reads it out; on a fresh load, leave the focus and announce it.
      if (context.initial) context.announce(flash);
      else focusElement(box);
    }
    container.append(
      statusPanel(record),
      h('h2', { class: 'dossier__titre' }, 'Ce que contient mon dossier'),
      ...recordDetails(record, { forAgent: false, headingLevel: 3 }));
  },
};
