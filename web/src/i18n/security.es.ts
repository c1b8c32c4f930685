import type { securityEn } from './security.en.ts';

/** Sesiones, límites de inicio de sesión y copias de seguridad en español: las mismas claves que security.en.ts. */
export const securityEs: typeof securityEn = {
  signOutEverywhere: 'Cerrar sesión en todos los dispositivos',
  signOutEverywhereHint:
    'Cierra todas tus sesiones — teléfonos, ordenadores y también este dispositivo. Úsalo si has perdido un dispositivo.',
  signOutEverywhereConfirm: '¿Cerrar sesión en todos tus dispositivos, incluido este?',
  rateLimited: 'Demasiados intentos fallidos. Vuelve a intentarlo dentro de {{ minutes }} min.',
  backups: 'Copias de seguridad',
  backupsIntro:
    'Una copia de seguridad contiene todos los datos de Spunta: chats, contactos, configuración, archivos, el diario de webhooks y las claves. Se hace una automáticamente cada día; las más recientes se conservan en el servidor.',
  backupNow: 'Hacer una copia ahora',
  backingUp: 'Haciendo la copia…',
  backupDone: 'Copia de seguridad guardada: {{ name }}',
  download: 'Descargar',
  downloadNamed: 'Descargar {{ name }}',
  noBackups: 'Todavía no hay copias de seguridad.',
  restoreTitle: 'Restaurar',
  restoreHint: 'Para restaurar una copia de seguridad, detén Spunta en el servidor y ejecuta:',
  adminOnly: 'Solo los administradores gestionan las copias de seguridad.',
  size: 'Tamaño',
  created: 'Hecha',
  file: 'Archivo',
};
