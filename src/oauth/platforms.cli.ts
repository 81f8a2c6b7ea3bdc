import { CliUsageError, optionalString, printResult, requireString, type CliCommand, type OptionValues } from '../cli/command.ts';
import { createPlatform, listPlatforms, rotatePlatformSecret, setPlatformStatus, DEFAULT_SECRET_GRACE_MS } from './platforms.service.ts';

const deps = (c: Parameters<CliCommand['run']>[0]) => ({ db: c.database.db, clock: c.clock, secrets: c.secrets });
const strings = (options: OptionValues, name: string): string[] => {
  const value = options[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
};

export const platformCommands: CliCommand[] = [
  {
    name: 'platforms create',
    summary: 'Register a partner platform (OAuth client) and print its client_id and client_secret (shown only here and on rotation)',
    usage:
      'plaudit platforms create --name N --redirect-uri U [--redirect-uri U2] --scopes read_reviews,write_reviews [--client-id ID] [--webhook-url U] [--install-status] [--client-credentials] [--json]',
    options: {
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      scopes: { type: 'string' },
      'client-id': { type: 'string' },
      'webhook-url': { type: 'string' },
      'install-status': { type: 'boolean' },
      'client-credentials': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    async run(context, options) {
      const clientId = optionalString(options, 'client-id');
      const webhookUrl = optionalString(options, 'webhook-url');
      const created = await createPlatform(deps(context), {
        name: requireString(options, 'name'),
        redirectUris: strings(options, 'redirect-uri'),
        scopes: requireString(options, 'scopes'),
        ...(clientId ? { clientId } : {}),
        ...(webhookUrl ? { webhookUrl } : {}),
        canReadInstallStatus: options['install-status'] === true,
        skipShopOauth: options['client-credentials'] === true,
      });
      printResult(context, options, { client_id: created.client_id, client_secret: created.client_secret });
    },
  },
  {
    name: 'platforms list',
    summary: 'List registered platforms (never their secrets)',
    usage: 'plaudit platforms list [--json]',
    options: { json: { type: 'boolean' } },
    async run(context, options) {
      const platforms = await listPlatforms(context.database.db);
      if (options.json === true) context.stdout(JSON.stringify(platforms) + '\n');
      else context.stdout(platforms.map((p) => `${p.client_id}\t${p.status}\t${p.name}\t${p.scopes.join(',')}`).join('\n') + (platforms.length ? '\n' : ''));
    },
  },
  {
    name: 'platforms rotate-secret',
    summary: 'Issue a new client_secret; the old one keeps working for --grace-hours (default 24, 0 = stop at once)',
    usage: 'plaudit platforms rotate-secret --client-id ID [--grace-hours H] [--json]',
    options: { 'client-id': { type: 'string' }, 'grace-hours': { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const grace = optionalString(options, 'grace-hours');
      if (grace !== undefined && !/^\d{1,4}$/.test(grace)) throw new CliUsageError('--grace-hours must be a whole number of hours');
      const graceMs = grace === undefined ? DEFAULT_SECRET_GRACE_MS : Number(grace) * 3600_000;
      printResult(context, options, await rotatePlatformSecret(deps(context), requireString(options, 'client-id'), graceMs));
    },
  },
  {
    name: 'platforms disable',
    summary: 'Disable a platform: its tokens and credentials stop working at once',
    usage: 'plaudit platforms disable --client-id ID [--json]',
    options: { 'client-id': { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      printResult(context, options, await setPlatformStatus(deps(context), requireString(options, 'client-id'), 'disabled'));
    },
  },
  {
    name: 'platforms enable',
    summary: 'Re-enable a disabled platform',
    usage: 'plaudit platforms enable --client-id ID [--json]',
    options: { 'client-id': { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      printResult(context, options, await setPlatformStatus(deps(context), requireString(options, 'client-id'), 'active'));
    },
  },
];
