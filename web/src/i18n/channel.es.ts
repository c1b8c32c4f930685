import type { channelEn } from './channel.en.ts';

/** Lo que WhatsApp comunica sobre los mensajes y el número, en español: las mismas claves que channel.en.ts. */
export const channelEs: typeof channelEn = {
  edited: 'editado',
  editHistory: 'Versiones anteriores',
  editedAt: 'Hasta las {{ time }}',
  deleted: 'Se eliminó este mensaje',
  whatsappApp: 'App de WhatsApp',
  whatsappAppHint: 'Enviado desde la app WhatsApp Business en este número',
  mediaNotReceived: 'No recibido: WhatsApp no pudo obtener este archivo del remitente',
  securityCodeChanged: 'El código de seguridad con este cliente cambió',
  numberChanged: 'El cliente cambió su número de teléfono',
  card: { work: 'trabajo', home: 'casa', mobile: 'móvil', address: 'Dirección', birthday: 'Cumpleaños' },
  username: 'Nombre de usuario',
  account: {
    restricted: 'WhatsApp restringió esta cuenta: {{ what }}',
    restrictedUntil: 'WhatsApp restringió esta cuenta hasta el {{ until }}: {{ what }}',
    banned: 'WhatsApp desactivó esta cuenta ({{ state }})',
    violation: 'WhatsApp notificó un incumplimiento de sus políticas: {{ what }}',
    notice: 'Aviso sobre la cuenta de WhatsApp: {{ what }}',
    details: 'Detalles',
    dismiss: 'Ocultar hasta el próximo aviso',
  },
};
