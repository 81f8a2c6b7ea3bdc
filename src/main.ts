import { buildApp } from './app.ts';
import { ConfigError, loadConfig, withSecretKey } from './app-config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { setPriority } from 'node:os';
import { createServices } from './services.ts';
import { appWorker } from './worker/tasks.ts';
import { trackConnections } from './http/connections.ts';
import { verifyServerKey } from './shops/server-key.ts';

const WORKER_NICENESS = 10;

/**
 * load config → open db → migrate → build the services → start the API and/or the worker
 * (ROLE=worker builds no HTTP app) → close gracefully on a signal.
 */
async function main(): Promise<void> {
  const config = withSecretKey(loadConfig());
  const database = openDatabase(config);
  const applied = await migrateToLatest(database.db);
  await verifyServerKey(database.db, config.secretKey, Date.now());
  const services = createServices(config, database);
  if (applied.length > 0) services.log.info({ migrations: applied }, 'migrations applied');
  const app = config.role === 'worker' ? null : await buildApp(services);
  const worker = appWorker(services);
  // A dedicated worker process yields the CPU to API processes on the same host. On PostgreSQL it
  // paces itself by the API's activity instead (worker/api-activity.ts): niced as well, it would get
  // too little CPU to keep delivering while the API is busy.
  if (config.role === 'worker' && database.dialect !== 'postgres') setPriority(WORKER_NICENESS);

  const connections = app ? trackConnections(app.server) : null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    services.log.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      services.log.error('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000).unref();
    const closed = app?.close();
    connections?.closeIdleAndStalled();
    await worker.stop();
    await closed;
    await services.close();
    await database.close();
    clearTimeout(forced);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (config.role !== 'api') worker.start();
  if (app) await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`plaudit failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
