// « Ma candidature » (role provider): the application form, to apply or to correct the record
// (PUT /api/providers/me: prefilled, except the IBAN that must be typed again).

import { h } from '../dom.js';
import { hrefFor, navigate } from '../router.js';
import { ownRecord } from '../providers.js';
import { requireRole } from '../access.js';
import { setFlash } from '../flash.js';
import { applicationForm } from '../application-form.js';
import { savedMessage } from './provider-home.js';

function editNotice(record) {
  switch (record.status) {
    case 'approved':
      return h('div', { class: 'avis avis--info', role: 'note' },
        h('p', {}, h('strong', {}, 'Vous êtes agréé(e). '),
          'Les changements de coordonnées, de zone, de langues et de modalités d’accueil sont publiés aussitôt. Un changement de nom, de profession, d’inscription ou d’adresse du cabinet repasse par un agent : votre fiche est alors retirée de l’annuaire jusqu’à sa décision. Un autre compte bancaire (un autre IBAN) est vérifié par un agent avant tout paiement, sans retirer votre fiche.'));
    case 'rejected':
      return h('div', { class: 'avis', role: 'note' },
        h('p', {}, h('strong', {}, 'Votre candidature a été refusée. ')),
        record.reason ? h('p', {}, `Motif : ${record.reason}`) : null,
        h('p', {}, 'Corrigez-la puis redéposez-la : elle sera examinée à nouveau.'));
    default:
      return h('div', { class: 'avis avis--info', role: 'note' },
        h('p', {}, 'Votre candidature est en cours d’examen : vos corrections remplacent la version déposée.'));
  }
}

export default {
  path: '/prestataire/candidature',
  title: 'Ma candidature',
  inNav: false,
  roles: ['provider'],

  async render(container, params, context) {
    const heading = h('h1', {}, 'Ma candidature');
    container.append(heading);
    if (!requireRole(container, 'provider', 'prestataires')) return;
    const loaded = await ownRecord(container, context.signal, { loadingText: 'Chargement de votre dossier…' });
    if (!loaded) return;
    const record = loaded.record;

    const back = h('p', { class: 'retour' }, h('a', { href: hrefFor('/prestataire') }, 'Retour à mon dossier'));
    if (record?.status === 'suspended') {
      heading.textContent = 'Modifier mon dossier';
      context.setTitle('Modifier mon dossier');
      container.append(
        h('div', { class: 'avis', role: 'note' },
          h('p', {}, h('strong', {}, 'Votre agrément est suspendu : votre dossier ne peut pas être modifié.')),
          record.reason ? h('p', {}, `Motif : ${record.reason}`) : null,
          h('p', {}, 'Contactez l’équipe du programme Passerelle pour en parler.')),
        back);
      return;
    }
    const title = !record ? 'Déposer ma candidature' : record.status === 'rejected' ? 'Corriger et redéposer ma candidature' : 'Modifier mon dossier';
    heading.textContent = title;
    context.setTitle(title);
    container.append(
      back,
      record ? editNotice(record) : h('p', { class: 'introduction' },
        'Un agent du programme examinera votre candidature ; une fois agréé(e), vous apparaîtrez dans l’annuaire que consultent les parents.'),
      applicationForm({
        record,
        context,
        pageTitle: title,
        onSaved(saved, before) {
          setFlash(savedMessage(saved, before));
          navigate('/prestataire');
        },
      }));
  },
};
