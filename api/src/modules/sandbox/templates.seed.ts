import type { TemplateDraft } from './templates.validate.ts';

/** Realistic APPROVED templates present in every WABA of a fresh sandbox (English and Italian). */
export function seedTemplates(): TemplateDraft[] {
  return [
    {
      name: 'hello_world',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
        {
          type: 'BODY',
          text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API. Thank you for taking the time to test with us.',
        },
        { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
      ],
    },
    {
      name: 'benvenuto',
      language: 'it',
      category: 'MARKETING',
      parameter_format: 'POSITIONAL',
      components: [
        {
          type: 'BODY',
          text: 'Ciao {{1}}, grazie per averci scritto! Vuoi ricevere su WhatsApp le nostre offerte e le novità del negozio?',
          example: { body_text: [['Giulia']] },
        },
        { type: 'FOOTER', text: 'Puoi annullare in ogni momento scrivendo STOP' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Sì, mi interessa' },
            { type: 'QUICK_REPLY', text: 'No, grazie' },
          ],
        },
      ],
    },
    {
      name: 'order_update',
      language: 'en',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        {
          type: 'BODY',
          text: 'Hi {{1}}, your order {{2}} has been shipped and should arrive within 2-3 business days.',
          example: { body_text: [['Anna', '#10234']] },
        },
        { type: 'FOOTER', text: 'Reply to this message if you need help' },
      ],
    },
    {
      name: 'aggiornamento_ordine',
      language: 'it',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        {
          type: 'BODY',
          text: 'Ciao {{1}}, il tuo ordine {{2}} è stato spedito e arriverà entro 2-3 giorni lavorativi.',
          example: { body_text: [['Marco', '#10234']] },
        },
        { type: 'FOOTER', text: 'Rispondi a questo messaggio per assistenza' },
      ],
    },
    {
      name: 'appointment_reminder',
      language: 'en',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Appointment reminder' },
        {
          type: 'BODY',
          text: 'Hi {{1}}, this is a reminder of your appointment on {{2}} at {{3}}. Please confirm or ask to reschedule.',
          example: { body_text: [['Anna', 'Monday 12 May', '10:30']] },
        },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Confirm' },
            { type: 'QUICK_REPLY', text: 'Reschedule' },
          ],
        },
      ],
    },
    {
      name: 'appointment_reminder',
      language: 'it',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Promemoria appuntamento' },
        {
          type: 'BODY',
          text: 'Ciao {{1}}, ti ricordiamo il tuo appuntamento di {{2}} alle ore {{3}}. Confermi o preferisci spostarlo?',
          example: { body_text: [['Giulia', 'lunedì 12 maggio', '10:30']] },
        },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Confermo' },
            { type: 'QUICK_REPLY', text: 'Sposta appuntamento' },
          ],
        },
      ],
    },
    {
      name: 'offerta_personale',
      language: 'it',
      category: 'MARKETING',
      parameter_format: 'NAMED',
      components: [
        {
          type: 'HEADER',
          format: 'TEXT',
          text: 'Un regalo per te, {{first_name}}',
          example: { header_text_named_params: [{ param_name: 'first_name', example: 'Giulia' }] },
        },
        {
          type: 'BODY',
          text: 'Solo per te lo sconto del {{discount}} con il codice {{code}}, valido fino a domenica. Ti aspettiamo!',
          example: {
            body_text_named_params: [
              { param_name: 'discount', example: '20%' },
              { param_name: 'code', example: 'CIAO20' },
            ],
          },
        },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Vai al negozio', url: 'https://shop.example.com/offerte' },
            { type: 'QUICK_REPLY', text: 'Non mi interessa' },
          ],
        },
      ],
    },
  ];
}
