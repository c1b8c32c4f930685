import type { ownershipEn } from './ownership.en.ts';

/** Quién se encarga de un chat y lo que el equipo ve en directo: las mismas claves que ownership.en.ts. */
export const ownershipEs: typeof ownershipEn = {
  eventSelf: '{{ actor }} se asignó este chat',
  eventOther: '{{ actor }} asignó este chat a {{ assignee }}',
  eventToYou: '{{ actor }} te asignó este chat',
  eventUnassigned: '{{ actor }} quitó la asignación de este chat',
  youSelf: 'Te asignaste este chat',
  youOther: 'Asignaste este chat a {{ assignee }}',
  youUnassigned: 'Quitaste la asignación de este chat',
  someone: 'Un compañero',
  ownerYou: 'Asignado a ti',
  ownerOther: 'Asignado a {{ name }}',
  ownerNone: 'Sin asignar',
  readOnly: 'Asignado a {{ name }} — pide que te lo pasen',
  readOnlyLost: 'Este chat ya no está asignado a ti — pide que te lo pasen',
  takeOver: 'Encargarme',
  toastMine: 'Chat asignado a ti',
  toastOther: 'Chat asignado a {{ name }}',
  toastNone: 'Asignación quitada',
  tabCount: (n: number) => (n === 1 ? '1 chat' : `${n} chats`),
  navUnread: (n: number) => (n === 1 ? '1 chat con mensajes no leídos' : `${n} chats con mensajes no leídos`),
};
