/**
 * Dynamic field definitions, cached briefly: every filter, import row, contact write and template send
 * consults them. One instance per server (`ctx.fieldDefs`), so an edit in the taxonomy reaches every module;
 * callers arriving while the list is being read share that one read.
 */
import type { PocketBase } from '../../lib/pb.ts';
import type { ContactFieldRecord } from '../../lib/records.ts';

const TTL_MS = 10_000;

export class FieldDefs {
  private cache: { at: number; map: Map<string, ContactFieldRecord> } | undefined;
  private loading: Promise<Map<string, ContactFieldRecord>> | undefined;

  constructor(private readonly pb: PocketBase) {}

  async map(): Promise<Map<string, ContactFieldRecord>> {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache.map;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** the keys of the dynamic fields (template mappings, audience filters) */
  async keys(): Promise<string[]> {
    return [...(await this.map()).keys()];
  }

  invalidate(): void {
    this.cache = undefined;
    this.loading = undefined;
  }

  private async load(): Promise<Map<string, ContactFieldRecord>> {
    const all = await this.pb
      .collection('contact_fields')
      .getFullList<ContactFieldRecord>({ sort: 'key', requestKey: null });
    const map = new Map(all.map((d) => [d.key, d]));
    this.cache = { at: Date.now(), map };
    return map;
  }
}
