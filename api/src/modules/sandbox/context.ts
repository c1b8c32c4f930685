import type { Faults } from './faults.ts';
import type { MediaStore } from './media.ts';
import type { RateLimits } from './rate-limits.ts';
import type { MessagingLimitModel } from './messaging-limit.ts';
import type { SandboxState } from './sandbox.state.ts';
import type { TemplateStore } from './templates.store.ts';
import type { UploadStore } from './uploads.ts';
import type { SandboxNumber } from './types.ts';
import type { TimerSet } from './util.ts';
import type { WebhookDispatcher } from './webhooks.ts';

/** Everything the route modules share; built once by createSandbox. */
export interface SandboxContext {
  cfg: {
    apiVersion: string;
    accessToken: string;
    /** the shared app's secret (appsecret_proof of the shared token) */
    appSecret: string;
    statusDelayMs: [number, number];
    autoRead: boolean;
    templateReviewMs: number;
    reengagementAsStatus: boolean;
  };
  numbers: Map<string, SandboxNumber>;
  state: SandboxState;
  media: MediaStore;
  templates: TemplateStore;
  uploads: UploadStore;
  webhooks: WebhookDispatcher;
  faults: Faults;
  limits: RateLimits;
  /** the messaging limit per WABA (unique customers reached outside their window, 24 h) */
  messagingLimit: MessagingLimitModel;
  timers: TimerSet;
  now: () => number;
  log: (msg: string, extra?: unknown) => void;
  publicBaseUrl: () => string;
}

export function numberForWaba(ctx: SandboxContext, wabaId: string): SandboxNumber | undefined {
  for (const n of ctx.numbers.values()) if (n.wabaId === wabaId) return n;
  return undefined;
}
