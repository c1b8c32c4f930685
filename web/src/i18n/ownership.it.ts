/** Chi ha in carico una chat e cosa il team vede in diretta. Stesse chiavi di ownership.en.ts. */
import type { ownershipEn } from './ownership.en.ts';

export const ownershipIt: typeof ownershipEn = {
  eventSelf: '{{ actor }} ha preso in carico questa chat',
  eventOther: '{{ actor }} ha assegnato questa chat a {{ assignee }}',
  eventToYou: '{{ actor }} ti ha assegnato questa chat',
  eventUnassigned: '{{ actor }} ha tolto l’assegnazione di questa chat',
  youSelf: 'Hai preso in carico questa chat',
  youOther: 'Hai assegnato questa chat a {{ assignee }}',
  youUnassigned: 'Hai tolto l’assegnazione di questa chat',
  someone: 'Un collega',
  ownerYou: 'Assegnata a te',
  ownerOther: 'Assegnata a {{ name }}',
  ownerNone: 'Non assegnata',
  readOnly: 'Assegnata a {{ name }} — chiedi di passartela',
  readOnlyLost: 'Questa chat non è più assegnata a te — chiedi di passartela',
  takeOver: 'Prendi in carico',
  toastMine: 'Chat assegnata a te',
  toastOther: 'Chat assegnata a {{ name }}',
  toastNone: 'Assegnazione tolta',
  tabCount: (n: number) => (n === 1 ? '1 chat' : `${n} chat`),
  navUnread: (n: number) => (n === 1 ? '1 chat con messaggi non letti' : `${n} chat con messaggi non letti`),
};
