import type { pwaEn } from './pwa.en.ts';

/** Textos de la PWA (instalación, actualización, sin conexión, notificaciones). */
export const pwaEs: typeof pwaEn = {
  offline:
    'Sin conexión — se muestra lo sincronizado {{ when }}. Las respuestas se enviarán cuando vuelva la conexión.',
  offlineNever: 'Sin conexión — todavía no hay nada sincronizado en este dispositivo.',
  syncedAt: 'a las {{ time }}',
  syncedDay: 'el {{ date }} a las {{ time }}',
  waiting: 'Esperando conexión',
  update: 'Hay una nueva versión de Spunta lista.',
  reload: 'Actualizar',
  install: 'Instalar la app',
  installHint: 'Añade Spunta a la pantalla de inicio: se abre como una app, funciona sin conexión y puede avisarte.',
  notifications: 'Notificaciones',
  notificationsWhy:
    'Recibe una notificación en este dispositivo cuando un cliente escriba en uno de tus chats o llegue un chat nuevo. Puedes desactivarlas cuando quieras.',
  enable: 'Activar las notificaciones en este dispositivo',
  disable: 'Desactivar en este dispositivo',
  enabled: 'Las notificaciones están activadas en este dispositivo.',
  denied:
    'Las notificaciones de Spunta están bloqueadas en este navegador. Permítelas en la configuración del sitio y vuelve aquí.',
  unsupported:
    'Este navegador no puede recibir notificaciones. En iPhone, primero añade Spunta a la pantalla de inicio.',
  test: 'Enviar una notificación de prueba',
  testSent: 'Notificación de prueba enviada.',
  mute: 'Silenciar todas las notificaciones',
  dnd: 'No molestar',
  dndFrom: 'Desde',
  dndTo: 'Hasta',
  dndHint: 'Ninguna notificación entre estas horas (tu zona horaria: {{ tz }}).',
  offlineData: 'Lectura sin conexión',
  offlineDataHint:
    'Los {{ chats }} chats más recientes y sus últimos {{ messages }} mensajes se guardan en este dispositivo y se borran al cerrar sesión.',
  lastSync: 'Última sincronización: {{ when }}',
  syncNow: 'Sincronizar ahora',
  never: 'nunca',
  enabling: 'Activando las notificaciones…',
  timeout:
    'No se han podido activar las notificaciones: el servicio push del navegador no ha respondido en {{ s }} segundos. Comprueba la conexión (una VPN o un cortafuegos pueden bloquearlo) y vuelve a intentarlo.',
  failed: 'No se han podido activar las notificaciones: {{ reason }}',
  retry: 'Reintentar',
  manifest: {
    name: 'Spunta — bandeja de entrada de equipo para WhatsApp',
    description: 'Responde a tus clientes en WhatsApp en equipo, desde el móvil, incluso sin conexión.',
    inbox: 'Mis chats',
    unassigned: 'Sin asignar',
  },
};
