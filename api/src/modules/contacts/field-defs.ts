/** Dynamic field definitions, cached briefly: every filter, import row and contact write consults them. */
import type { PocketBase } from '../../lib/pb.ts';
import type { ContactFieldRecord } from '../../lib/records.ts';

export class FieldDefs {
  private cache: { at: number; map: Map<string, ContactFieldRecord> } | undefined;

  constructor(private readonly pb: PocketBase) {}

  async map(): Promise<Map<string, ContactFieldRecord>> {
    if (this.cache && Date.now() - this.cache.at < 10_000) return this.cache.map;
    const all = await this.pb.collection('contact_fields').getFullList<ContactFieldRecord>({ sort: 'key' });
    const map = new Map(all.map((d) => [d.key, d]));
    this.cache = { at: Date.now(), map };
    return map;
  }

  invalidate(): void {
    this.cache = undefined;
  }
}
