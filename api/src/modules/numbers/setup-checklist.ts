/**
 * The admin's getting-started checklist, each step read from real data (business hours live in their own
 * module and are checked by the app). Dismissing it is remembered per admin; it stays reachable in settings.
 */
import type { AppContext } from '../../lib/context.ts';
import type { UserRecord } from '../../lib/records.ts';
import type { SettingsStore } from '../settings/settings.store.ts';
import { assertMay } from '../../engine/policy/policy.ts';

const dismissKey = (userId: string) => `setup_checklist_dismissed:${userId}`;

export class SetupChecklist {
  constructor(
    private readonly ctx: AppContext,
    private readonly settings: SettingsStore,
  ) {}

  async get(user: UserRecord) {
    assertMay(user, 'numbers.setup');
    const { pb } = this.ctx;
    const count = async (collection: string, filter: string) =>
      (await pb.collection(collection).getList(1, 1, { filter, fields: 'id', skipTotal: false })).totalItems;
    const real = await pb
      .collection('wa_numbers')
      .getFullList<{ waba_id: string }>({ filter: "mode != 'sandbox'", fields: 'waba_id' });
    const wabas = [...new Set(real.map((n) => n.waba_id))];
    // Meta gives every account the sample "hello_world"; the sandbox's demo templates are not the team's either
    const templates = wabas.length
      ? await count(
          'templates',
          `(${wabas.map((w, i) => pb.filter(`waba_id = {:w${i}}`, { [`w${i}`]: w })).join(' || ')}) && name != 'hello_world'`,
        )
      : 0;
    const steps = [
      { key: 'whatsapp' as const, done: real.length > 0 },
      { key: 'team' as const, done: (await count('users', 'active = true')) > 1 },
      { key: 'contacts' as const, done: (await count('contacts', "deleted_at = ''")) > 0 },
      { key: 'template' as const, done: templates > 0 },
      {
        key: 'notifications' as const,
        done: (await count('push_subscriptions', pb.filter('user = {:u}', { u: user.id }))) > 0,
      },
    ];
    return { dismissed: await this.settings.get<boolean>(dismissKey(user.id), false), steps };
  }

  async setDismissed(user: UserRecord, dismissed: boolean) {
    assertMay(user, 'numbers.setup');
    await this.settings.set(dismissKey(user.id), dismissed);
    return this.get(user);
  }
}
