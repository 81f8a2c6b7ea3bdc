import { CliUsageError, printResult, type CliCommand, type OptionValues } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import { deliveriesOfShop, describeSubscription, enableSubscription, redeliver, subscriptionsOfShop } from './webhooks.admin.ts';

const idArgument = (positionals: string[], what: string): number => {
  const raw = positionals[0];
  if (!raw || !/^[1-9][0-9]{0,15}$/.test(raw)) throw new CliUsageError(`${what} id is required (a positive integer)`);
  return Number(raw);
};

const printList = (context: Parameters<CliCommand['run']>[0], options: OptionValues, items: Record<string, unknown>[], line: (item: Record<string, unknown>) => string) => {
  if (options.json === true) context.stdout(JSON.stringify(items) + '\n');
  else context.stdout(items.length === 0 ? '(none)\n' : items.map(line).join('\n') + '\n');
};

export const webhookCommands: CliCommand[] = [
  {
    name: 'webhooks list',
    summary: "List a shop's webhook subscriptions (all owners), with status and why a disabled one was disabled",
    usage: 'plaudit webhooks list --domain D [--json]',
    options: { domain: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const items = (await subscriptionsOfShop(context.database.db, shop.id)).map(describeSubscription);
      printList(context, options, items, (s) => `${s.id}\t${s.status}\t${s.topic}\t${s.url}\tplatform=${s.platform_id}${s.disabled_reason ? `\t(${s.disabled_reason})` : ''}`);
    },
  },
  {
    name: 'webhooks deliveries',
    summary: 'Recent deliveries of a shop, newest first, each with its attempts (status, response code, duration, error, response)',
    usage: 'plaudit webhooks deliveries --domain D [--failed] [--limit N] [--json]',
    options: { domain: { type: 'string' }, failed: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const limit = options.limit === undefined ? 50 : Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliUsageError('--limit must be 1-1000');
      const items = await deliveriesOfShop(context.database.db, shop.id, { failedOnly: options.failed === true, limit });
      printList(context, options, items, (d) => {
        const head =
          `${d.id}\t${d.status}\t${d.topic}\tsubscription=${d.subscription_id}\tattempts=${d.attempts}\tmessage=${d.message_id}` +
          (d.next_attempt_at ? `\tnext=${d.next_attempt_at}` : '') +
          (d.last_error ? `\t(${d.last_error})` : '');
        const log = (d.attempt_log as Record<string, unknown>[]).map(
          (a) => `  #${a.attempt} ${a.at} ${a.outcome} ${a.response_code ?? '-'} ${a.duration_ms}ms${a.error ? ` ${a.error}` : ''}${a.response ? ` ${JSON.stringify(a.response)}` : ''}`,
        );
        return [head, ...log].join('\n');
      });
    },
  },
  {
    name: 'webhooks redeliver',
    summary: 'Send a delivery again (same body and message id, ten fresh attempts); prints the new delivery id',
    usage: 'plaudit webhooks redeliver DELIVERY_ID [--json]',
    options: { json: { type: 'boolean' } },
    async run(context, options, positionals) {
      printResult(context, options, await redeliver(context.database.db, idArgument(positionals, 'delivery'), context.clock.now()));
    },
  },
  {
    name: 'webhooks enable',
    summary: 'Re-enable a disabled subscription; --accept-plain-2xx / --require-ack choose what counts as success for it',
    usage: 'plaudit webhooks enable SUBSCRIPTION_ID [--accept-plain-2xx | --require-ack] [--json]',
    options: { 'accept-plain-2xx': { type: 'boolean' }, 'require-ack': { type: 'boolean' }, json: { type: 'boolean' } },
    async run(context, options, positionals) {
      if (options['accept-plain-2xx'] === true && options['require-ack'] === true) throw new CliUsageError('choose --accept-plain-2xx or --require-ack');
      const mode = options['accept-plain-2xx'] === true ? true : options['require-ack'] === true ? false : undefined;
      printResult(context, options, await enableSubscription(context.database.db, idArgument(positionals, 'subscription'), context.clock.now(), mode));
    },
  },
];
