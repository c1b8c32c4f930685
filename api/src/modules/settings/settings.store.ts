/** Key → JSON settings in the `settings` collection (server-side only; the admin API exposes some). */
import type { PocketBase } from '../../lib/pb.ts';
import { updateRecord } from '../../lib/record-update.ts';

export class SettingsStore {
  private readonly cache = new Map<string, { at: number; value: unknown }>();

  constructor(private readonly pb: PocketBase) {}

  async get<T>(key: string, fallback: T): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < 30_000) return hit.value as T;
    const { pb } = this;
    const r = await pb
      .collection('settings')
      .getList<{ value: T }>(1, 1, { filter: pb.filter('key = {:k}', { k: key }) });
    const value = r.items[0]?.value ?? fallback;
    this.cache.set(key, { at: Date.now(), value });
    return value;
  }

  async set<T>(key: string, value: T): Promise<T> {
    const { pb } = this;
    const r = await pb
      .collection('settings')
      .getList<{ id: string }>(1, 1, { filter: pb.filter('key = {:k}', { k: key }), fields: 'id' });
    if (r.items[0]) await updateRecord(pb, 'settings', r.items[0].id, { value });
    else await pb.collection('settings').create({ key, value });
    this.cache.set(key, { at: Date.now(), value });
    return value;
  }
}
