/** `npm start`: run Spunta until SIGINT/SIGTERM, then stop PocketBase and drain cleanly. */
import { ConfigError } from './config.ts';
import { startServer, type RunningServer } from './server.ts';

// Signals are handled from the first moment: one during start-up aborts it (PocketBase included).
const starting = new AbortController();
let server: RunningServer | undefined;
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`\n${signal}: shutting down…\n`);
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  if (!server) {
    starting.abort(); // startServer stops what it started and rejects; the catch below exits
    return;
  }
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

try {
  server = await startServer({ signal: starting.signal });
} catch (err) {
  if (stopping) process.exit(0);
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  // One clear sentence, not a stack: start-up errors are about the machine, not the code.
  process.stderr.write(`Spunta could not start: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
}
