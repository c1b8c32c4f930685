import type { Dict } from './en.ts';
import { pwaEs } from './pwa.es.ts';
import { ownershipEs } from './ownership.es.ts';
import { contactsEs } from './contacts.es.ts';
import { numbersEs } from './numbers.es.ts';
import { reliabilityEs } from './reliability.es.ts';
import { hoursEs } from './hours.es.ts';
import { channelEs } from './channel.es.ts';
import { securityEs } from './security.es.ts';
import { templatesEs } from './templates.es.ts';
import { oohEs } from './ooh.es.ts';

/** Español: las mismas claves que en.ts (lo comprueban el tipo Dict y dictionaries.test.ts). */
export const es: Dict = {
  crm: contactsEs,
  channel: channelEs,
  pwa: pwaEs,
  numbers: numbersEs,
  reliability: reliabilityEs,
  hours: hoursEs,
  security: securityEs,
  own: ownershipEs,
  tpl: templatesEs,
  ooh: oohEs,
  app: { name: 'Spunta', skip: 'Ir al contenido', offline: 'Estás sin conexión. Los mensajes se enviarán cuando vuelva la conexión.', loading: 'Cargando…' },
  common: {
    cancel: 'Cancelar', save: 'Guardar', saved: 'Guardado', close: 'Cerrar', back: 'Atrás', retry: 'Reintentar', send: 'Enviar', delete: 'Eliminar', edit: 'Editar',
    add: 'Añadir', remove: 'Quitar', error: 'Algo ha salido mal', yes: 'Sí', no: 'No', none: 'Ninguno', you: 'Tú', search: 'Buscar', more: 'Más',
  },
  auth: {
    title: 'Inicia sesión en Spunta', subtitle: 'Bandeja de entrada de equipo para WhatsApp', email: 'Correo electrónico', password: 'Contraseña', submit: 'Iniciar sesión', submitting: 'Iniciando sesión…',
    invalid: 'Correo o contraseña incorrectos, o la cuenta está desactivada.', expired: 'Tu sesión ha caducado. Vuelve a iniciar sesión: tus borradores se conservan.',
    signOut: 'Cerrar sesión', sandbox: 'Abrir el teléfono del cliente (sandbox)',
  },
  roles: { admin: 'Administrador', manager: 'Responsable', operator: 'Operador', viewer: 'Solo lectura' },
  inbox: {
    title: 'Chats', tabs: 'Filtros de conversaciones', mine: 'Míos', unassigned: 'Sin asignar', all: 'Todos', unread: 'No leídos',
    search: 'Buscar nombre, teléfono o mensaje', clearSearch: 'Borrar búsqueda', statusFilter: 'Mostrar', open: 'Abiertos', closed: 'Cerrados',
    empty: 'Todavía no hay conversaciones aquí.', emptySearch: 'Ninguna conversación coincide con «{{ q }}».', loadingMore: 'Cargando más…',
    loadError: 'No se han podido cargar las conversaciones.', assignedTo: 'Asignado a {{ name }}', assignedToYou: 'Asignado a ti',
    unassignedLabel: 'Sin asignar', unreadCount: (n: number) => (n === 1 ? '1 mensaje no leído' : `${n} mensajes no leídos`),
    windowLeft: 'quedan {{ time }}', windowClosed: 'Ventana cerrada', settings: 'Configuración', menu: 'Menú', count: (n: number) => (n === 1 ? '1 chat' : `${n} chats`),
    selectChat: 'Selecciona un chat para empezar', selectChatHint: 'Los mensajes nuevos llegan aquí en tiempo real.',
  },
  time: { hm: '{{ h }} h {{ m }} min', m: '{{ m }} min', today: 'Hoy', yesterday: 'Ayer', justNow: 'ahora' },
  chat: {
    back: 'Volver a los chats', info: 'Datos del contacto', actions: 'Acciones del chat', loadOlder: 'Cargando mensajes anteriores…', noMessages: 'Todavía no hay mensajes.',
    notFound: 'Este chat no existe o no tienes acceso.', windowOpen: 'Ventana abierta · quedan {{ time }}', windowClosed: 'Ventana de 24 h cerrada',
    windowNever: 'El cliente todavía no ha escrito', closedChat: 'Este chat está cerrado.', reopen: 'Reabrir', close: 'Cerrar chat',
    assignMe: 'Asignarme', assignTo: 'Asignar a…', unassign: 'Quitar asignación', assignee: 'Asignado a', assignedBanner: 'Asignado a {{ name }}',
    statusQueued: 'Enviando', statusSent: 'Enviado', statusDelivered: 'Entregado', statusRead: 'Leído', statusFailed: 'No entregado', statusReceived: 'Recibido',
    failedReason: 'No entregado: {{ reason }}', retry: 'Reintentar', retrying: 'Reenviando…', discard: 'Descartar', reply: 'Responder', react: 'Reaccionar',
    messageActions: 'Acciones del mensaje', quoted: 'Ir al mensaje citado', quotedMissing: 'Mensaje original', you: 'Tú', customer: 'Cliente',
    forwarded: 'Reenviado', frequentlyForwarded: 'Reenviado muchas veces', photo: 'Foto', video: 'Vídeo', audio: 'Audio', voice: 'Mensaje de voz',
    document: 'Documento', sticker: 'Sticker', download: 'Descargar', mediaPending: 'Descargando el archivo…', mediaFailed: 'Archivo no disponible',
    openMap: 'Abrir mapa', location: 'Ubicación', contactCard: 'Contacto', order: (n: number) => (n === 1 ? 'Pedido · 1 artículo' : `Pedido · ${n} artículos`),
    unsupported: 'Este tipo de mensaje no es compatible', system: 'Mensaje del sistema', note: 'Nota interna', noteHint: 'Solo la ve tu equipo',
    template: 'Plantilla', listButton: 'Lista', buttonReply: 'Respuesta con botón', listReply: 'Respuesta de la lista', form: 'Formulario enviado',
    reactedTo: 'Reaccionó {{ emoji }}', reactions: 'Reacciones: {{ list }}', welcome: 'Abrió el chat', viewing: '{{ names }} está viendo este chat',
    typing: '{{ names }} está escribiendo…', sentBy: 'Enviado por {{ name }}', newMessages: 'Mensajes nuevos', referral: 'Desde un anuncio: {{ title }}', notFoundBack: 'Volver a la lista',
  },
  composer: {
    placeholder: 'Mensaje', notePlaceholder: 'Nota interna — @ para mencionar', modeReply: 'Responder', modeNote: 'Nota', emoji: 'Emoji', attach: 'Adjuntar',
    attachImage: 'Foto (JPEG, PNG · 5 MB)', attachDocument: 'Documento (100 MB)', interactive: 'Botones o lista', caption: 'Pie de foto (opcional)',
    send: 'Enviar', sendNote: 'Añadir nota', replyingTo: 'Respondiendo a {{ who }}', cancelReply: 'Cancelar respuesta', removeAttachment: 'Quitar adjunto',
    tooLarge: '{{ name }} es demasiado grande: en WhatsApp los archivos de {{ kind }} pueden ocupar como máximo {{ max }} MB.', badType: '{{ name }} no se puede enviar: usa una imagen JPEG o PNG o un documento.',
    windowClosed: 'La ventana de 24 horas está cerrada: el cliente no escribe desde hace más de un día, así que WhatsApp solo permite una plantilla aprobada.',
    windowNever: 'El cliente todavía no ha escrito: empieza con una plantilla aprobada.', chooseTemplate: 'Elegir una plantilla',
    viewer: 'Tienes acceso de solo lectura: no puedes enviar mensajes.', quickReplies: 'Respuestas rápidas', noQuickReplies: 'Ninguna respuesta rápida empieza por «/{{ q }}».',
    mentions: 'Mencionar a un compañero', templateRequired: 'Mientras tanto se ha cerrado la ventana: envía una plantilla.', sendFailed: 'No enviado: {{ reason }}',
    enterHint: 'Intro para enviar, Mayús+Intro para una línea nueva', uploading: 'Subiendo…',
  },
  builder: {
    title: 'Mensaje interactivo', buttons: 'Botones de respuesta', list: 'Lista', body: 'Texto del mensaje', header: 'Encabezado (opcional)', footer: 'Pie (opcional)',
    button: 'Botón {{ n }}', addButton: 'Añadir botón', listButton: 'Texto del botón de la lista', section: 'Título de la sección (opcional)', row: 'Fila {{ n }}',
    rowTitle: 'Título', rowDescription: 'Descripción (opcional)', addRow: 'Añadir fila', removeRow: 'Quitar fila', removeButton: 'Quitar botón',
    maxButtons: 'Hasta 3 botones', maxRows: 'Hasta 10 filas', tooLong: 'Como máximo {{ max }} caracteres', required: 'Obligatorio', duplicate: 'Los títulos deben ser distintos',
    preview: 'Vista previa', send: 'Enviar',
  },
  templates: {
    title: 'Enviar una plantilla', search: 'Buscar plantillas', none: 'No hay plantillas aprobadas.', params: 'Parámetros', param: 'Valor para {{ name }}',
    preview: 'Vista previa', send: 'Enviar plantilla', back: 'Todas las plantillas', language: 'Idioma', missing: 'Rellena todos los parámetros',
  },
  contact: {
    title: 'Contacto', name: 'Nombre', phone: 'Teléfono', profileName: 'Nombre del perfil de WhatsApp', language: 'Idioma', tags: 'Etiquetas', lists: 'Listas',
    notes: 'Notas', save: 'Guardar contacto', saved: 'Contacto guardado', readOnly: 'Solo lectura', addTag: 'Añadir etiqueta', addList: 'Añadir a una lista', none: 'Ninguno',
    languageAuto: 'Sin definir', copyPhone: 'Copiar número', copied: 'Copiado', noTags: 'Ninguna', noLists: 'Ninguna',
  },
  settings: {
    shortcutHint: 'Solo letras minúsculas a–z, dígitos 0–9, _ y -, sin espacios (p. ej. horario-tienda).', shortcutTaken: 'Otra respuesta rápida ya usa /{{ shortcut }}.',
    theme: 'Apariencia', themeSystem: 'Igual que el dispositivo', themeLight: 'Claro', themeDark: 'Oscuro', themeHint: 'Solo se aplica a este dispositivo.',
    title: 'Configuración', account: 'Cuenta', language: 'Idioma', languageAuto: 'Idioma del navegador', users: 'Equipo', quickReplies: 'Respuestas rápidas',
    back: 'Volver a los chats', name: 'Nombre', email: 'Correo electrónico', role: 'Rol', active: 'Activo', inactive: 'Desactivado', seeUnassigned: 'Ve los chats sin asignar',
    newUser: 'Añadir miembro del equipo', create: 'Crear', password: 'Contraseña (opcional, al menos 10 caracteres)', passwordOnce: 'Contraseña de {{ email }} — solo se muestra una vez:',
    deactivate: 'Desactivar', activate: 'Activar', you: 'tú', shortcut: 'Atajo', qrTitle: 'Título', qrBody: 'Texto', newQuickReply: 'Nueva respuesta rápida',
    qrHint: 'En el cuadro de mensaje escribe / seguido del atajo.', noQuickReplies: 'Todavía no hay respuestas rápidas.', deleteConfirm: '¿Eliminar «/{{ shortcut }}»?',
    adminOnly: 'Solo los administradores gestionan el equipo.', signedInAs: 'Sesión iniciada como {{ name }} ({{ role }})',
  },
  metaErrors: {
    details: 'Detalles', notOnWhatsApp: 'Este número no está en WhatsApp, o su WhatsApp es demasiado antiguo para recibir este mensaje.',
    windowClosed: 'Han pasado más de 24 horas desde el último mensaje del cliente: envía una plantilla aprobada.',
    marketingCap: 'WhatsApp ha retenido este mensaje de marketing para no enviar demasiados a esta persona. Vuelve a intentarlo en uno o dos días.',
    optedOut: 'El cliente se dio de baja de tus mensajes de marketing: envía solo mensajes de servicio.', unsupportedType: 'WhatsApp no puede entregar este tipo de mensaje.',
    mediaDownload: 'WhatsApp no ha podido descargar el archivo: comprueba que su enlace funciona.', mediaUpload: 'No se ha podido enviar el archivo: revisa su tipo y tamaño.',
    pairRate: 'Demasiados mensajes a este cliente en poco tiempo: espera un poco y reintenta.', throughput: 'Este número está enviando demasiado rápido ahora: reintenta en un momento.',
    spamLimit: 'Los envíos están limitados porque muchas personas han bloqueado o denunciado tus mensajes: pausa las campañas y avisa a un administrador.',
    maintenance: 'El número de la empresa está en mantenimiento un momento: reintenta más tarde.', temporary: 'WhatsApp ha tenido un problema temporal: reintenta.',
    templateParams: 'Los parámetros de la plantilla no coinciden con los aprobados: revísalos.', templateMissing: 'Esta plantilla no existe en el idioma del cliente.',
    templateTooLong: 'El texto de la plantilla es demasiado largo con los parámetros rellenados.', templatePolicy: 'WhatsApp ha rechazado esta plantilla por sus políticas.',
    templatePaused: 'La plantilla está en pausa por baja calidad: usa otra.', templateDisabled: 'WhatsApp ha desactivado la plantilla.',
    policyBlock: 'La cuenta de la empresa está bloqueada temporalmente por incumplir las políticas: avisa a un administrador.', accountLocked: 'La cuenta de la empresa está bloqueada: avisa a un administrador.',
    countryRestricted: 'La empresa no puede escribir a números de este país.', tokenExpired: 'La conexión con WhatsApp ha caducado: un administrador debe volver a conectar el número.',
  },
  errors: {
    template_required: 'La ventana de 24 horas está cerrada: envía una plantilla.', forbidden: 'No tienes permiso para hacer esto.', network: 'Sin conexión.',
    validation_failed: 'Revisa el mensaje: {{ message }}', not_retryable: 'Este mensaje no se puede volver a enviar.', unauthorized: 'La sesión ha caducado.',
  },
};
