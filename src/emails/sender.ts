import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EventSink } from '../events/events.ts';
import type { Clock } from '../lib/clock.ts';
import { appendCustomerEvents } from '../customers/customer-events.service.ts';
import { suppressedRecipients } from '../customers/suppression.service.ts';
import { ORDER_STATUS, type LineItem, type OrderRow } from '../orders/orders.table.ts';
import type { ShopRow } from '../shops/shops.table.ts';
import type { EmailJobRow } from './emails.table.ts';
import { claimDueJobs, countSentSince, deferJobs, finishJobs, markOrdersRequestCancelled, markOrdersSent, previousEmails, retryJob } from './jobs.queries.ts';
import type { LinkSigner } from './links.ts';
import type { Mailer } from './mailer.ts';
import { mailOptions } from './email-layout.ts';
import { emailMessages, languageOf } from './i18n/index.ts';
import { renderReviewRequest } from './render.ts';
import { askableItems, DAY_MS, insertEmailJobs } from './schedule.ts';
import { getEmailSettings, reminderDelays, type EmailSettings } from './settings.service.ts';
import { currentRewardOffer, type RewardOffer } from '../rewards/rewards.service.ts';
import { rewardOfferLine } from './reward-offer.ts';
import { EMPTY_TEXTS, listShopTexts, type EmailTexts } from './texts.service.ts';

export interface EmailSenderDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
  mailer: Mailer;
  links: LinkSigner;
  publicUrl: string;
  emailFrom: string;
  log: FastifyBaseLogger;
}

const BATCH_SIZE = 100;
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

type Outcome = { job: EmailJobRow; order?: OrderRow; result: 'sent' | 'suppressed' | 'cancelled' | 'not_engaged' | 'over_cap' } | { job: EmailJobRow; result: 'error'; error: string };
type Done = Extract<Outcome, { result: 'sent' | 'suppressed' | 'cancelled' | 'not_engaged' | 'over_cap' }>;

interface ShopContext {
  shop: ShopRow;
  settings: EmailSettings;
  isSuppressed: (r: { email: string; customerId: string }) => boolean;
  products: Map<string, { title: string; image_url: string }>;
  /** Emails the shop may still send today (Infinity without a cap); taken as jobs are processed. */
  capLeft: number;
  /** Whether the shopper opened or clicked the order's last email sent. */
  engagedWithLast: (order: OrderRow) => boolean;
  /** The reward promised in this round's emails (null: none, or an empty pool). */
  rewardOffer: RewardOffer | null;
  /** The shop's own wordings by `type:language`. */
  texts: Map<string, EmailTexts>;
}

/** Start of the UTC day of `now`: the daily cap counts from here. */
export const utcDayStart = (now: number) => now - (now % DAY_MS);

/** One worker round: claim due emails, send them (the SMTP pool sends in parallel), record every outcome in one transaction. */
export async function sendDueEmails(deps: EmailSenderDeps, now: number): Promise<number> {
  const jobs = await claimDueJobs(deps.db, deps.dialect, now, BATCH_SIZE, LEASE_MS);
  if (jobs.length === 0) return 0;
  const orders = new Map(
    (
      await deps.db
        .selectFrom('orders')
        .selectAll()
        .where(
          'id',
          'in',
          jobs.map((j) => j.order_ref),
        )
        .execute()
    ).map((o) => [o.id, o]),
  );
  const shops = await loadShopContexts(deps.db, [...orders.values()], now);
  const outcomes = await Promise.all(jobs.map((job) => processJob(deps, job, orders.get(job.order_ref), shops)));
  await deps.db.transaction().execute(async (trx) => {
    await recordOutcomes(trx, deps, outcomes, shops, now);
  });
  return jobs.length;
}

async function loadShopContexts(db: Db, orders: OrderRow[], now: number): Promise<Map<number, ShopContext>> {
  const contexts = new Map<number, ShopContext>();
  for (const shopId of new Set(orders.map((o) => o.shop_id))) {
    const ofShop = orders.filter((o) => o.shop_id === shopId);
    const shop = await db.selectFrom('shops').selectAll().where('id', '=', shopId).executeTakeFirstOrThrow();
    const productIds = [...new Set(ofShop.flatMap((o) => (JSON.parse(o.line_items) as LineItem[]).map((i) => i.product_id)))];
    const products = productIds.length
      ? await db.selectFrom('products').select(['product_id', 'title', 'image_url']).where('shop_id', '=', shopId).where('product_id', 'in', productIds).execute()
      : [];
    const settings = await getEmailSettings(db, shopId);
    const sentEarlier =
      settings.remind_only_engaged === 1
        ? await previousEmails(
            db,
            shopId,
            ofShop.map((o) => o.id),
          )
        : [];
    contexts.set(shopId, {
      shop,
      settings,
      isSuppressed: await suppressedRecipients(
        db,
        shopId,
        ofShop.map((o) => ({ email: o.customer_email, customerId: o.customer_id })),
        'review_request',
      ),
      products: new Map(products.map((p) => [p.product_id, p])),
      capLeft: settings.daily_cap === null ? Infinity : settings.daily_cap - (await countSentSince(db, shopId, utcDayStart(now))),
      engagedWithLast: (order) => {
        const previous = sentEarlier.filter((j) => j.order_ref === order.id).sort((a, b) => Number(b.sent_at) - Number(a.sent_at))[0];
        if (!previous) return true;
        // Links from before request sequences carry no email id: the order's first open stands in.
        return previous.engaged_at !== null || (order.opened_at !== null && order.opened_at >= Number(previous.sent_at));
      },
      rewardOffer: await currentRewardOffer(db, shopId),
      texts: new Map((await listShopTexts(db, shopId)).map(({ email_type, locale, ...texts }) => [`${email_type}:${locale}`, texts])),
    });
  }
  return contexts;
}

async function processJob(deps: EmailSenderDeps, job: EmailJobRow, order: OrderRow | undefined, shops: Map<number, ShopContext>): Promise<Outcome> {
  const context = order && shops.get(order.shop_id);
  const closed = !order || !context || order.cancelled_at !== null || order.status === ORDER_STATUS.cancelled || order.status === ORDER_STATUS.evaluated;
  if (closed || order.customer_email === '') return { job, result: 'cancelled' };
  if (context.isSuppressed({ email: order.customer_email, customerId: order.customer_id })) return { job, order, result: 'suppressed' };
  const items = askableItems(JSON.parse(order.line_items) as LineItem[], context.settings);
  if (items.length === 0) return { job, result: 'cancelled' };
  if (job.step > 0 && context.settings.remind_only_engaged === 1 && !context.engagedWithLast(order)) return { job, order, result: 'not_engaged' };
  if (context.capLeft <= 0) return { job, order, result: 'over_cap' };
  context.capLeft -= 1;
  const base = { s: order.shop_id, o: order.id, j: job.id };
  const url = (path: string, token: string) => `${deps.publicUrl}/r/${path}?t=${token}`;
  const language = languageOf(order.locale, context.settings.language);
  const messages = emailMessages(language);
  const unsubscribeUrl = url('unsubscribe', deps.links.sign({ p: 'unsubscribe', ...base, e: order.customer_email, t: job.email_type }));
  const email = renderReviewRequest(
    {
      kind: job.kind,
      shopName: context.shop.name,
      customerFirstName: order.customer_first_name,
      customerName: order.customer_name,
      orderName: order.order_name,
      products: items.map((item) => {
        const known = context.products.get(item.product_id);
        return {
          title: known?.title || item.title || 'Your product',
          imageUrl: known?.image_url ?? '',
          reviewUrl: url('review', deps.links.sign({ p: 'review', ...base, pr: item.product_id })),
        };
      }),
      shopUrl: url('click', deps.links.sign({ p: 'click', ...base, u: `https://${context.shop.domain}` })),
      openPixelUrl: url('open', deps.links.sign({ p: 'open', ...base })),
      unsubscribeUrl,
      postponeUrl: url('postpone', deps.links.sign({ p: 'postpone', ...base })),
      rewardOffer: rewardOfferLine(context.rewardOffer, { anyReview: messages.reward_any, withMedia: messages.reward_media }),
    },
    language,
    context.texts.get(`${job.kind}:${language}`) ?? EMPTY_TEXTS,
  );
  const message = mailOptions(email, { fromName: context.settings.sender_name || context.shop.name, fromAddress: deps.emailFrom, to: order.customer_email, unsubscribeUrl });
  try {
    await deps.mailer.send(message);
    return { job, order, result: 'sent' };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    deps.log.warn({ jobId: job.id, err: text }, 'review-request email not sent');
    return { job, result: 'error', error: text.slice(0, 500) };
  }
}

/** Every outcome of a batch, in a few statements: job states, order statuses, SEND_EMAIL events, reminders. */
async function recordOutcomes(trx: Db, deps: EmailSenderDeps, outcomes: Outcome[], shops: Map<number, ShopContext>, now: number) {
  for (const outcome of outcomes) {
    if (outcome.result !== 'error') continue;
    const { job } = outcome;
    if (job.attempts >= MAX_ATTEMPTS) await finishJobs(trx, [job.id], 'failed', now, outcome.error);
    else await retryJob(trx, job.id, now + 60_000 * 4 ** (job.attempts - 1), now, outcome.error);
  }
  const done = outcomes.filter((o): o is Done => o.result !== 'error');
  for (const state of ['sent', 'suppressed', 'cancelled'] as const) {
    await finishJobs(
      trx,
      done.filter((o) => o.result === state).map((o) => o.job.id),
      state,
      now,
    );
  }
  await finishJobs(
    trx,
    done.filter((o) => o.result === 'not_engaged').map((o) => o.job.id),
    'cancelled',
    now,
    'the previous email was not opened or clicked',
  );
  const overCap = done.filter((o) => o.result === 'over_cap');
  if (overCap.length) {
    deps.log.info({ jobs: overCap.length }, 'daily send cap reached: emails wait for the next day');
    await deferJobs(
      trx,
      overCap.map((o) => o.job.id),
      utcDayStart(now) + DAY_MS,
      now,
      'daily send cap reached; waits for the next day',
    );
  }
  for (const [shopId, context] of shops) {
    const ofShop = done.filter((o) => o.order?.shop_id === shopId);
    const sent = ofShop.filter((o) => o.result === 'sent');
    const suppressedRequests = ofShop.filter((o) => o.result === 'suppressed' && o.job.kind === 'request');
    if (suppressedRequests.length)
      await markOrdersRequestCancelled(
        trx,
        shopId,
        suppressedRequests.map((o) => o.order!.id),
        now,
      );
    if (sent.length === 0) continue;
    await markOrdersSent(
      trx,
      shopId,
      sent.map((o) => o.order!.id),
      now,
    );
    await appendCustomerEvents(
      trx,
      deps.events,
      sent.map(({ job, order }) => ({
        shopId,
        event: {
          event_type: 'SEND_EMAIL',
          event_source: 'EMAIL',
          customer_id: order!.customer_id,
          customer_email: order!.customer_email,
          extra: { order_id: order!.order_id, email_type: job.email_type, email_kind: job.kind },
        },
      })),
      now,
    );
    // Each sent email queues the next step of the sequence, its delay counted from this send.
    const delays = reminderDelays(context.settings);
    for (const [step, days] of delays.entries()) {
      const next = sent.filter((o) => o.job.step === step);
      await insertEmailJobs(
        trx,
        shopId,
        next.map((o) => ({ orderRef: o.order!.id, runAt: now + days * DAY_MS })),
        step + 1,
        now,
      );
    }
  }
}
