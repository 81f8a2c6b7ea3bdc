import { parseArgs } from 'node:util';
import { loadConfig, withSecretKey, ConfigError } from './app-config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ApiError } from './http/errors.ts';
import { CliUsageError, type CliCommand } from './cli/command.ts';
import { createServices, type Services } from './services.ts';
import { shopCommands } from './shops/shops.cli.ts';
import { verifyServerKey } from './shops/server-key.ts';
import { productCommands } from './products/products.cli.ts';
import { reviewCommands } from './reviews/reviews.cli.ts';
import { platformCommands } from './oauth/platforms.cli.ts';
import { merchantCommands } from './merchants/merchants.cli.ts';
import { webhookCommands } from './webhooks/webhooks.cli.ts';
import { orderCommands } from './orders/orders.cli.ts';
import { emailCommands } from './emails/emails.cli.ts';
import { privacyCommands } from './privacy/privacy.cli.ts';
import { storefrontCommands } from './storefront/storefront.cli.ts';
import { feedCommands } from './feeds/feeds.cli.ts';
import { switchingCommands } from './switching/switching.cli.ts';
import { auditCommands } from './admin/ledger.cli.ts';
import { moderationCommands } from './moderation/moderation.cli.ts';
import { questionCommands } from './questions/questions.cli.ts';
import { rewardCommands } from './rewards/rewards.cli.ts';

const dbCommands: CliCommand[] = [
  {
    name: 'db migrate',
    summary: 'Apply pending database migrations (the server and every command also do this on start)',
    usage: 'plaudit db migrate',
    options: {},
    async run(context) {
      const applied = await migrateToLatest(context.database.db);
      context.stdout(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    },
  },
];

/** Every command, by group. Features add their `<x>.cli.ts` list here. */
const COMMANDS: CliCommand[] = [
  ...shopCommands,
  ...productCommands,
  ...reviewCommands,
  ...webhookCommands,
  ...platformCommands,
  ...merchantCommands,
  ...orderCommands,
  ...emailCommands,
  ...privacyCommands,
  ...storefrontCommands,
  ...moderationCommands,
  ...feedCommands,
  ...switchingCommands,
  ...auditCommands,
  ...questionCommands,
  ...rewardCommands,
  ...dbCommands,
];

function helpText(): string {
  const lines = [
    'plaudit — the Plaudit command line. It uses the same environment variables as the server',
    '(DATABASE_URL, DATA_DIR, PLAUDIT_SECRET_KEY, …; see .env.example).',
    '',
    'Usage: plaudit <group> <action> [options]      plaudit <group> <action> --help',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Errors go to stderr and exit non-zero (2 for usage errors).',
  ];
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) }): Promise<number> {
  const [group, action, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') {
    io.stdout(helpText());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === `${group} ${action ?? ''}`);
  if (!command) {
    io.stderr(`unknown command: ${[group, action].filter(Boolean).join(' ')}\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n  ${command.summary}\n`);
    return 0;
  }
  let services: Services | undefined;
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    const config = withSecretKey(loadConfig());
    // The same services as the server: a command's events reach webhooks, media and emails, grant changes the OAuth hooks.
    services = createServices(config, openDatabase(config));
    if (command.name !== 'db migrate') await migrateToLatest(services.db);
    if (command.name !== 'db migrate' && !(command.name === 'shops rotate-token' && values.all)) await verifyServerKey(services.db, config.secretKey, Date.now());
    await command.run({ ...services, media: services.config.media, stdout: io.stdout }, values, positionals);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) io.stderr(`${error.message}\n`);
    else if (error instanceof CliUsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`${error.message}\nusage: ${command.usage}\n`);
      return 2;
    } else if (error instanceof ApiError) io.stderr(`error: ${error.message}\n`);
    else io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await services?.close();
    await services?.database.close();
  }
}
