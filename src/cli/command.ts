import type { FastifyBaseLogger } from 'fastify';
import type { CoreConfig } from '../config.ts';
import type { DbHandle } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretBox } from '../lib/crypto.ts';
import type { EventSink } from '../events/events.ts';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * What a command runs on: the services of src/services.ts (the same event sinks and hooks as
 * the server) and stdout. Features that add a service to it declare it here by augmentation
 * (as oauth.hooks.ts does for `oauthHooks`), so this file imports no feature.
 */
export interface CliContext {
  config: CoreConfig;
  database: DbHandle;
  clock: Clock;
  secrets: SecretBox;
  /** Where commands that change reviews send their events (the same outbox as the API). */
  events: EventSink;
  log: FastifyBaseLogger;
  stdout: (text: string) => void;
}

/** One `plaudit <group> <action>` command. Feature folders export their commands in `<x>.cli.ts`. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  run(context: CliContext, options: OptionValues, positionals: string[]): Promise<void>;
}

export class CliUsageError extends Error {}

export function requireString(options: OptionValues, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new CliUsageError(`--${name} is required`);
  return value;
}

export const optionalString = (options: OptionValues, name: string): string | undefined => {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
};

/** Prints one JSON object (with --json) or readable key: value lines. */
export function printResult(context: CliContext, options: OptionValues, result: Record<string, unknown>): void {
  if (options.json === true) {
    context.stdout(JSON.stringify(result) + '\n');
    return;
  }
  context.stdout(
    Object.entries(result)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('\n') + '\n',
  );
}
