import type { ownershipEn } from './ownership.en.ts';

/** Qui s’occupe d’une discussion et ce que l’équipe voit en direct : mêmes clés que ownership.en.ts. */
export const ownershipFr: typeof ownershipEn = {
  eventSelf: '{{ actor }} s’est attribué cette discussion',
  eventOther: '{{ actor }} a attribué cette discussion à {{ assignee }}',
  eventToYou: '{{ actor }} vous a attribué cette discussion',
  eventUnassigned: '{{ actor }} a retiré l’attribution de cette discussion',
  youSelf: 'Vous vous êtes attribué cette discussion',
  youOther: 'Vous avez attribué cette discussion à {{ assignee }}',
  youUnassigned: 'Vous avez retiré l’attribution de cette discussion',
  someone: 'Un collègue',
  ownerYou: 'Vous est attribuée',
  ownerOther: 'Attribuée à {{ name }}',
  ownerNone: 'Non attribuée',
  readOnly: 'Attribuée à {{ name }} — demandez à la reprendre',
  readOnlyLost: 'Cette discussion ne vous est plus attribuée — demandez à la reprendre',
  takeOver: 'Reprendre',
  toastMine: 'Cette discussion vous est attribuée',
  toastOther: 'Discussion attribuée à {{ name }}',
  toastNone: 'Attribution retirée',
  tabCount: (n: number) => (n === 1 ? '1 discussion' : `${n} discussions`),
  navUnread: (n: number) =>
    n === 1 ? '1 discussion avec des messages non lus' : `${n} discussions avec des messages non lus`,
};
