import { buildApp } from './app.ts';
import { ConfigError, loadConfig, withSecretKey } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { setPriority } from 'node:os';
import { appWorker } from './worker/tasks.ts';
import { verifyServerKey } from './shops/server-key.ts';

const WORKER_NICENESS = 10;

/** load config → open db → migrate → start the API (and, later, the worker) → close gracefully on a signal. */
async function main(): Promise<void> {
  const config = withSecretKey(loadConfig());
  const database = openDatabase(config);
  const applied = await migrateToLatest(database.db);
  await verifyServerKey(database.db, config.secretKey, Date.now());
  const app = await buildApp({ config, database });
  if (applied.length > 0) app.log.info({ migrations: applied }, 'migrations applied');
  const worker = appWorker(app);
  // A dedicated worker process yields the CPU to API processes on the same host. On PostgreSQL it
  // paces itself by the API's activity instead (worker/api-activity.ts): niced as well, it would get
  // too little CPU to keep delivering while the API is busy.
  if (config.role === 'worker' && database.dialect !== 'postgres') setPriority(WORKER_NICENESS);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 10_000).unref();
    await worker.stop();
    await app.close();
    await database.close();
    clearTimeout(forced);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (config.role !== 'api') worker.start();
  if (config.role !== 'worker') {
    await app.listen({ port: config.port, host: config.host });
  } else {
    await app.ready();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`plaudit failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
