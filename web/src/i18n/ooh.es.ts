import type { oohEn } from './ooh.en.ts';

/** Respuesta automática fuera de horario (ajustes del horario, etiqueta en el chat). */
export const oohEs: typeof oohEn = {
  title: 'Respuesta automática cuando estáis cerrados',
  intro:
    'Quien escriba fuera del horario o en un día festivo recibe esta respuesta una vez por ventana de conversación (24 horas), salvo que alguien responda antes.',
  enabled: 'Responder automáticamente cuando estéis cerrados',
  text: 'Respuesta (predeterminada)',
  textHint: 'Se envía cuando ninguna variante coincide con el idioma del contacto.',
  holidayText: 'Respuesta en festivos (predeterminada)',
  holidayHint: 'Se envía en días festivos; si está vacía, la respuesta de arriba.',
  grace: 'Esperar antes de responder (segundos)',
  graceHint: 'No se envía nada si mientras tanto responde una persona o una automatización.',
  variants: 'Otros idiomas',
  noVariants: 'Ningún otro idioma: todos reciben la respuesta predeterminada.',
  language: 'Idioma',
  variantText: 'Respuesta en {{ lang }}',
  variantHoliday: 'Respuesta en festivos en {{ lang }}',
  addLanguage: 'Añadir un idioma',
  removeLanguage: 'Quitar {{ lang }}',
  save: 'Guardar respuesta',
  saved: 'Respuesta automática guardada',
  needText: 'Escribe la respuesta antes de activarla.',
  label: 'Respuesta automática',
  labelHint: 'Enviada automáticamente porque el cliente escribió mientras estabais cerrados',
  consentHint: 'Enviada automáticamente para confirmar el alta o la baja del cliente',
};
