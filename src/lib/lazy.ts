import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Loads a CommonJS dependency when first needed instead of at start. Each of pg, ioredis,
 * nodemailer and undici adds 10-20 MB to a process that loads it; a SQLite deployment
 * without Redis that never sends mail or webhooks from this process needs none of them.
 */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
