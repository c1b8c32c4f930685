import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../router.ts';

const ID = 'abcdefghij12345';
const LIST = 'list00000000001';

describe('contacts routes', () => {
  it('parses every CRM screen', () => {
    expect(parseRoute('#/contacts')).toEqual({ name: 'crm', section: 'contacts' });
    expect(parseRoute('#/contacts/')).toEqual({ name: 'crm', section: 'contacts' });
    expect(parseRoute('#/contacts/new')).toEqual({ name: 'crm', section: 'new' });
    expect(parseRoute('#/contacts/fields')).toEqual({ name: 'crm', section: 'fields' });
    expect(parseRoute('#/contacts/import')).toEqual({ name: 'crm', section: 'import' });
    expect(parseRoute(`#/contacts/import/${LIST}`)).toEqual({ name: 'crm', section: 'import', id: LIST });
    expect(parseRoute(`#/contacts/${ID}`)).toEqual({ name: 'crm', section: 'contact', id: ID });
    expect(parseRoute(`#/contacts/${ID}/edit`)).toEqual({ name: 'crm', section: 'edit', id: ID });
    expect(parseRoute('#/lists')).toEqual({ name: 'crm', section: 'lists' });
    expect(parseRoute(`#/lists/${LIST}`)).toEqual({ name: 'crm', section: 'list', id: LIST });
    expect(parseRoute('#/tags')).toEqual({ name: 'crm', section: 'tags' });
  });

  it('sends anything else to the inbox, and leaves the inbox routes alone', () => {
    for (const h of [
      '#/contacts/nope',
      `#/contacts/new/${ID}`,
      `#/contacts/${ID}/delete`,
      '#/lists/new',
      `#/tags/${ID}`,
      `#/contacts/import/short`,
      `#/lists/${LIST}/edit`,
    ]) {
      expect(parseRoute(h)).toEqual({ name: 'inbox' });
    }
    expect(parseRoute(`#/c/${ID}`)).toEqual({ name: 'chat', chatId: ID, info: false });
    expect(parseRoute('#/settings/team')).toEqual({ name: 'settings', tab: 'team' });
    expect(parseRoute('#/')).toEqual({ name: 'inbox' });
  });
});
