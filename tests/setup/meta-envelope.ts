/** A webhook body shaped as Meta sends it: one WABA entry, one `messages` change carrying `value`. */
export function metaEnvelope(
  pnid: string,
  value: Record<string, unknown>,
  display = '15550783881',
  wabaId = '102290129340398',
): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: display, phone_number_id: pnid },
              ...value,
            },
          },
        ],
      },
    ],
  });
}
