import type { reliabilityEn } from './reliability.en.ts';

/** Fiabilidad (eventos rechazados) en español: las mismas claves que reliability.en.ts. */
export const reliabilityEs: typeof reliabilityEn = {
  deadLetters: 'Eventos rechazados',
  intro:
    'Eventos de webhook de WhatsApp que la base de datos rechazó por no ser válidos. Se guardan a salvo, nunca se pierden: después de una corrección (por ejemplo, una actualización), vuelve a procesarlos. Procesarlos dos veces no guarda nada dos veces.',
  adminOnly: 'Solo los administradores ven los eventos rechazados.',
  none: 'No hay eventos rechazados: se guardaron todos los eventos recibidos de WhatsApp.',
  pending: '{{ count }} pendientes',
  replayAll: 'Reprocesar todos',
  replay: 'Reprocesar',
  replayedOk: 'Reprocesado y guardado.',
  replayedAll: '{{ replayed }} reprocesados, {{ failed }} siguen rechazados.',
  alreadyReplayed: 'Ya se había reprocesado.',
  stillRefused: 'Sigue rechazado: {{ error }}',
  reasonInvalid: 'Rechazado por la base de datos',
  reasonCorrupt: 'Registro del diario dañado',
  stateDead: 'Pendiente',
  stateReplayed: 'Reprocesado: {{ when }}',
  contents: 'Mensajes: {{ messages }} · estados: {{ statuses }} · otras actualizaciones: {{ other }}',
  unreadable: 'Contenido ilegible',
  from: 'De {{ senders }}',
  received: 'Guardado: {{ when }}',
  error: 'Error',
  lastAttempt: 'Último reprocesamiento rechazado: {{ error }}',
  attempts: 'Reprocesamientos intentados: {{ count }}',
  raw: 'Evento sin procesar ({{ size }} bytes)',
  refresh: 'Actualizar',
};
