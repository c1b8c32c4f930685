/**
 * What a module gives the server: its routes (mounted under /api/v1, behind sign-in), its consumers of
 * domain events (run by the server's EventConsumers), and its lifecycle. The server wires the list in
 * server.ts; tests wait on `server.idle()` instead of reaching into modules.
 */
import type { openApiApp } from '../lib/openapi.ts';
import type { Consumer } from './events/consumers.ts';

export interface Module {
  name: string;
  routes?: ReturnType<typeof openApiApp>;
  consumers?: Consumer[];
  /** after the store, the writer and the HTTP server are up (register scheduler kinds, recover work) */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** resolves when the module has nothing of its own in flight */
  idle?(): Promise<void>;
}
