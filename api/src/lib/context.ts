/** What routes and services receive: built once in app.ts, no globals. */
import type { Config } from '../config.ts';
import type { Logger } from './logger.ts';
import type { PocketBase } from './pb.ts';
import type { UserRecord } from './records.ts';
import type { EventBus } from '../../../realtime/src/event-bus.ts';
import type { InboxWriter } from '../modules/inbox/inbox-writer.ts';
import type { GraphClient } from '../modules/channels/whatsapp/graph-client.ts';
import type { OutboundQueue } from '../modules/messages/outbound-queue.ts';
import type { PocketBaseProcess } from './pocketbase-process.ts';
import type { DeadLetterStore } from '../modules/inbox/dead-letters.ts';
import type { Scheduler } from '../engine/scheduler/scheduler.ts';
import type { Principal } from '../engine/policy/permissions.ts';
import type { OutboundService } from '../engine/outbound/outbound.service.ts';
import type { MessagingLimits } from '../engine/outbound/limits/messaging-limit.ts';
import type { FieldDefs } from '../modules/contacts/field-defs.ts';

export interface AppContext {
  config: Config;
  log: Logger;
  /** superuser client (server-side writes only) */
  pb: PocketBase;
  pbProcess: PocketBaseProcess;
  bus: EventBus;
  writer: InboxWriter;
  graph: GraphClient;
  outbound: OutboundQueue;
  /** the one send path (engine/outbound): every sender enqueues through it */
  send: OutboundService;
  /** Meta's messaging limit per number (customers reached outside their window, rolling 24 h): usage() and the budget check */
  limits: MessagingLimits;
  /** webhook events refused as invalid, kept in the journal's directory for inspection and replay */
  deadLetters: DeadLetterStore;
  /** later and recurring work (engine/scheduler) */
  scheduler: Scheduler;
  /** the contacts' dynamic field definitions, cached briefly and shared by every module */
  fieldDefs: FieldDefs;
}

/** `principal` is who acts (today the signed-in user; API keys later); policy checks read it. */
export type AppEnv = { Variables: { user: UserRecord; token: string; principal: Principal } };
