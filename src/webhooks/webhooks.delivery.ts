import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretBox } from '../lib/crypto.ts';
import { sql } from 'kysely';
import { unixSeconds } from '../lib/clock.ts';
import { formatRfc3339 } from '../lib/time.ts';
import type { WorkerTask } from '../worker/worker.ts';
import {
  applyDeliveryUpdates,
  claimDueDeliveries,
  disableSubscription,
  insertAttempts,
  markSubscriptionFailing,
  markSubscriptionHealthy,
  subscriptionsWithShops,
  type DeliveryUpdate,
} from './deliveries.queries.ts';
import type { WebhookConfig } from './webhooks.config.ts';
import type { PlatformWebhookResolver } from './webhooks.platforms.ts';
import { DISABLE_AFTER_DROPPED, MAX_ATTEMPTS, nextAttemptAt } from './webhooks.schedule.ts';
import { TOPIC_SCOPES, type WebhookTopic } from './webhooks.schemas.ts';
import { createSender, type AttemptResult } from './webhooks.sender.ts';
import { deliveryHeaders, type SigningIdentity } from './webhooks.signing.ts';
import type { NewWebhookAttemptRow, WebhookDeliveryRow, WebhookSubscriptionRow } from './webhooks.table.ts';

/** What happened to one claimed delivery. */
interface Outcome {
  subscription: WebhookSubscriptionRow;
  update: DeliveryUpdate;
  attempt?: NewWebhookAttemptRow;
  result?: AttemptResult;
}

interface BatchContext {
  subscriptions: Map<number, WebhookSubscriptionRow>;
  shops: Map<number, { domain: string; identity: SigningIdentity }>;
}

/** What the delivery task runs on (a slice of Services, src/services.ts). */
export interface DeliveryTaskDeps {
  config: { webhooks: WebhookConfig };
  db: Db;
  dialect: DialectName;
  clock: Clock;
  secrets: SecretBox;
  log: FastifyBaseLogger;
  platformWebhookCredentials: PlatformWebhookResolver;
  /** Registers the sender's release for when the services close. */
  onClose(release: () => unknown): void;
}

export interface DeliveryTaskOptions {
  /** Jitter source (tests may fix it). */
  random?: () => number;
}

/**
 * The delivery worker: claims due deliveries with a lease, POSTs them signed (a bounded
 * number in parallel), then records every attempt, the new state of each delivery and the
 * health of each subscription in one transaction. At-least-once: a crash between sending and
 * recording means the delivery is sent again when its lease ends.
 */
export function webhookDeliveryTask(deps: DeliveryTaskDeps, options: DeliveryTaskOptions = {}): WorkerTask {
  const config = deps.config.webhooks;
  const sender = createSender(config);
  deps.onClose(() => sender.close());
  const batchSize = config.concurrency * 2;
  // Two rounds of requests at the full timeout, plus room to record the results.
  const leaseMs = config.timeoutMs * 3;
  const resolvePlatform = deps.platformWebhookCredentials;

  async function loadContext(db: typeof deps.db, claimed: WebhookDeliveryRow[]): Promise<BatchContext> {
    const rows = await subscriptionsWithShops(db, [...new Set(claimed.map((d) => Number(d.subscription_id)))]);
    const subscriptions = new Map<number, WebhookSubscriptionRow>();
    const shops: BatchContext['shops'] = new Map();
    for (const { shop_domain, shop_public_token, shop_private_token_sealed, ...subscription } of rows) {
      subscriptions.set(Number(subscription.id), subscription);
      const shopId = Number(subscription.shop_id);
      if (!shops.has(shopId)) shops.set(shopId, { domain: shop_domain, identity: { publicToken: shop_public_token, key: deps.secrets.open(shop_private_token_sealed) } });
    }
    return { subscriptions, shops };
  }

  async function signingIdentity(subscription: WebhookSubscriptionRow, shopIdentity: SigningIdentity, topic: string): Promise<SigningIdentity | string> {
    const platformId = Number(subscription.platform_id);
    if (platformId === 0) return shopIdentity;
    const credentials = await resolvePlatform(platformId, Number(subscription.shop_id));
    if (!credentials) return `platform ${platformId} has no active grant for this shop`;
    const scope = TOPIC_SCOPES[topic as WebhookTopic];
    if (!scope || !credentials.scopes.has(scope)) return `platform ${platformId} no longer has the ${scope ?? 'required'} scope`;
    return { publicToken: credentials.clientId, key: credentials.clientSecret };
  }

  async function deliver(delivery: WebhookDeliveryRow, leaseUntil: number, context: BatchContext): Promise<Outcome | null> {
    const subscription = context.subscriptions.get(Number(delivery.subscription_id));
    const shop = context.shops.get(Number(delivery.shop_id));
    if (!subscription || !shop) return null; // deleted meanwhile: its deliveries went with it
    const base = { id: Number(delivery.id), leaseUntil, attempts: delivery.attempts, last_attempt_at: delivery.last_attempt_at, last_response_code: delivery.last_response_code };
    const now = deps.clock.now();
    if (subscription.status !== 'enabled') {
      const last_error = `subscription disabled: ${subscription.disabled_reason ?? 'by the operator'}`;
      return { subscription, update: { ...base, status: 'failed', next_attempt_at: now, last_error, completed_at: now } };
    }
    let identity: SigningIdentity | string;
    try {
      identity = await signingIdentity(subscription, shop.identity, delivery.topic);
    } catch (error) {
      // The platform lookup failed (not the receiver): try again in a minute without spending an attempt.
      deps.log.error({ err: error, delivery: delivery.id }, 'webhook signing credentials unavailable');
      return { subscription, update: { ...base, status: 'pending', next_attempt_at: now + 60_000, last_error: 'signing credentials unavailable', completed_at: null } };
    }
    if (typeof identity === 'string') {
      deps.log.warn({ delivery: delivery.id, subscription: subscription.id }, `webhook delivery skipped: ${identity}`);
      return { subscription, update: { ...base, status: 'skipped', next_attempt_at: now, last_error: identity, completed_at: now } };
    }

    const startedAt = deps.clock.now();
    const body = Buffer.from(delivery.payload, 'utf8');
    const headers = deliveryHeaders(identity, { messageId: delivery.message_id, topic: delivery.topic, shopDomain: shop.domain, body }, unixSeconds(startedAt));
    const result = await sender.send(subscription.url, headers, body, config.acceptPlain2xx || subscription.accept_plain_2xx === 1);
    const attemptNo = delivery.attempts + 1;
    const finished = deps.clock.now();
    const final = result.success || result.statusCode === 410 || attemptNo >= MAX_ATTEMPTS;
    return {
      subscription,
      result,
      attempt: {
        delivery_id: Number(delivery.id),
        shop_id: Number(delivery.shop_id),
        attempt_no: attemptNo,
        started_at: startedAt,
        duration_ms: result.durationMs,
        outcome: result.success ? 'succeeded' : 'failed',
        response_code: result.statusCode,
        error: result.error,
        response_excerpt: result.excerpt,
      },
      update: {
        ...base,
        status: result.success ? 'succeeded' : final ? 'failed' : 'pending',
        attempts: attemptNo,
        next_attempt_at: final ? finished : nextAttemptAt(startedAt, attemptNo, result.retryAfterMs, options.random),
        last_attempt_at: startedAt,
        last_response_code: result.statusCode,
        last_error: result.error,
        completed_at: final ? finished : null,
      },
    };
  }

  /** Per subscription: a 410 or a long run of failures disables it; a success clears its failure record. */
  async function recordSubscriptionHealth(trx: typeof deps.db, outcomes: Outcome[], now: number): Promise<void> {
    const bySubscription = new Map<number, Outcome[]>();
    for (const o of outcomes) {
      if (!o.result) continue;
      const list = bySubscription.get(Number(o.subscription.id)) ?? [];
      list.push(o);
      bySubscription.set(Number(o.subscription.id), list);
    }
    for (const [id, list] of bySubscription) {
      const subscription = list[0]!.subscription;
      if (list.some((o) => o.result!.statusCode === 410)) {
        await disableSubscription(trx, id, 'the receiver answered HTTP 410 Gone', now);
      } else if (list.some((o) => o.result!.success)) {
        if (subscription.failing_since !== null || subscription.dropped_in_a_row > 0) await markSubscriptionHealthy(trx, id, now);
      } else {
        const failingSince = subscription.failing_since ?? Math.min(...list.map((o) => o.attempt!.started_at));
        const dropped = list.filter((o) => o.update.status === 'failed').length;
        if (now - failingSince >= config.disableAfterMs) {
          await disableSubscription(trx, id, `no successful delivery since ${formatRfc3339(failingSince)} (WEBHOOK_DISABLE_AFTER_HOURS)`, now);
        } else if (subscription.dropped_in_a_row + dropped >= DISABLE_AFTER_DROPPED) {
          await disableSubscription(trx, id, `${DISABLE_AFTER_DROPPED} deliveries in a row failed all ${MAX_ATTEMPTS} attempts`, now);
        } else if (subscription.failing_since === null || dropped > 0) {
          await markSubscriptionFailing(trx, id, failingSince, dropped);
        }
      }
    }
  }

  /**
   * PostgreSQL: this transaction's commit returns before its WAL is flushed (flushed within a
   * fraction of a second, or with the next durable commit). Losing it in a database crash only
   * loses bookkeeping: claimed or finished deliveries are due again and sent again, which
   * at-least-once delivery allows; events themselves are written durably by the API. Review
   * writes then stop paying for the worker's flushes.
   */
  const withoutWaitingForFlush = async (trx: typeof deps.db) => {
    if (deps.dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
  };

  return {
    name: 'webhook-deliveries',
    async runDue(now) {
      const leaseUntil = now + leaseMs;
      // Claim and read what signing needs in one go: one turn on the database per batch, plus the record.
      const batch = await deps.db.transaction().execute(async (trx) => {
        await withoutWaitingForFlush(trx);
        const claimed = await claimDueDeliveries(trx, now, leaseUntil, batchSize);
        return { claimed, context: claimed.length === 0 ? null : await loadContext(trx, claimed) };
      });
      const { claimed, context } = batch;
      if (!context) return 0;
      const outcomes = (await mapLimited(claimed, config.concurrency, (d) => deliver(d, leaseUntil, context))).filter((o): o is Outcome => o !== null);
      await deps.db.transaction().execute(async (trx) => {
        await withoutWaitingForFlush(trx);
        await insertAttempts(
          trx,
          outcomes.flatMap((o) => (o.attempt ? [o.attempt] : [])),
        );
        await applyDeliveryUpdates(
          trx,
          outcomes.map((o) => o.update),
        );
        await recordSubscriptionHealth(trx, outcomes, deps.clock.now());
      });
      return claimed.length;
    },
  };
}

/** Runs `fn` over the items with at most `limit` in flight; results keep the input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
