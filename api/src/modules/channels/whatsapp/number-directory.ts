/**
 * Who each business number is and which credentials it uses: the number configured in the environment
 * (or the built-in sandbox) plus the ones an admin connected from the app. Kept in memory (a handful of
 * rows, reloaded after every change) because the Graph client and the webhook check need it synchronously.
 * The environment wins: its number's credentials always come from config, never from the stored row.
 */
import type { Config } from '../../../config.ts';
import type { PocketBase } from '../../../lib/pb.ts';
import type { WaNumberRecord } from '../../../lib/records.ts';

/** 'env': WA_* variables; 'sandbox': the built-in sandbox number (no WA_* set); 'app': connected by an admin */
export type NumberOrigin = 'env' | 'sandbox' | 'app';

export interface NumberCredentials {
  id: string;
  phoneNumberId: string;
  wabaId: string;
  mode: 'meta' | 'sandbox';
  origin: NumberOrigin;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

/** The stored row as the server (superuser) reads it, hidden fields included. */
export type WaNumberSecretRecord = WaNumberRecord & {
  access_token?: string;
  app_secret?: string;
  verify_token?: string;
};

export interface GraphTarget {
  baseUrl: string;
  accessToken: string;
}

export class NumberDirectory {
  private byPnid = new Map<string, NumberCredentials>();

  constructor(
    private readonly deps: {
      pb: PocketBase;
      config: Config;
      /** base URL of the configured number (the sandbox's own URL once the port is known) */
      defaultGraphUrl: () => string;
      /** the built-in sandbox's Graph URL ('' when it is not running) */
      sandboxGraphUrl: () => string;
    },
  ) {}

  async load(): Promise<void> {
    const rows = await this.deps.pb.collection('wa_numbers').getFullList<WaNumberSecretRecord>({ sort: 'created' });
    const next = new Map<string, NumberCredentials>();
    for (const r of rows) next.set(r.phone_number_id, this.credentialsOf(r));
    this.byPnid = next;
  }

  originOf(phoneNumberId: string): NumberOrigin {
    const wa = this.deps.config.whatsapp;
    if (phoneNumberId !== wa.phoneNumberId) return 'app';
    return wa.mode === 'meta' ? 'env' : 'sandbox';
  }

  private credentialsOf(r: WaNumberSecretRecord): NumberCredentials {
    const origin = this.originOf(r.phone_number_id);
    const wa = this.deps.config.whatsapp;
    if (origin !== 'app') {
      return {
        id: r.id,
        phoneNumberId: r.phone_number_id,
        wabaId: wa.wabaId,
        mode: wa.mode,
        origin,
        accessToken: wa.accessToken,
        appSecret: wa.appSecret,
        verifyToken: wa.verifyToken,
      };
    }
    return {
      id: r.id,
      phoneNumberId: r.phone_number_id,
      wabaId: r.waba_id,
      mode: r.mode || 'meta',
      origin,
      accessToken: r.access_token ?? '',
      appSecret: r.app_secret ?? '',
      verifyToken: r.verify_token ?? '',
    };
  }

  all(): NumberCredentials[] {
    return [...this.byPnid.values()];
  }

  get(phoneNumberId: string): NumberCredentials | undefined {
    return this.byPnid.get(phoneNumberId);
  }

  /** Graph base URL for a number of this mode; the base URL is configuration, never user input. */
  baseUrlFor(n: Pick<NumberCredentials, 'mode' | 'origin'>): string {
    if (n.origin !== 'app') return this.deps.defaultGraphUrl();
    return n.mode === 'sandbox' ? this.deps.sandboxGraphUrl() : this.deps.config.whatsapp.metaGraphUrl;
  }

  /** Where a Graph call about this number (or WABA) goes, with whose token; undefined = the configured number. */
  target(scope: { phoneNumberId?: string | undefined; wabaId?: string | undefined }): GraphTarget | undefined {
    let n = scope.phoneNumberId ? this.byPnid.get(scope.phoneNumberId) : undefined;
    if (!n && scope.wabaId) n = this.all().find((x) => x.wabaId === scope.wabaId);
    if (!n || n.origin !== 'app') return undefined;
    return { baseUrl: this.baseUrlFor(n), accessToken: n.accessToken };
  }

  /** Every app secret in use, with the numbers and WABAs of that app (several numbers may share one app). */
  apps(): Array<{ secret: string; phoneNumberIds: Set<string>; wabaIds: Set<string> }> {
    const bySecret = new Map<string, { secret: string; phoneNumberIds: Set<string>; wabaIds: Set<string> }>();
    const wa = this.deps.config.whatsapp;
    // the configured secret is always there, even before its row exists (first start)
    bySecret.set(wa.appSecret, {
      secret: wa.appSecret,
      phoneNumberIds: new Set([wa.phoneNumberId]),
      wabaIds: new Set([wa.wabaId]),
    });
    for (const n of this.byPnid.values()) {
      if (!n.appSecret) continue;
      const app = bySecret.get(n.appSecret) ?? {
        secret: n.appSecret,
        phoneNumberIds: new Set<string>(),
        wabaIds: new Set<string>(),
      };
      app.phoneNumberIds.add(n.phoneNumberId);
      app.wabaIds.add(n.wabaId);
      bySecret.set(n.appSecret, app);
    }
    return [...bySecret.values()];
  }

  verifyTokens(): string[] {
    const tokens = new Set([this.deps.config.whatsapp.verifyToken]);
    for (const n of this.byPnid.values()) if (n.verifyToken) tokens.add(n.verifyToken);
    return [...tokens];
  }
}
