import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { ServiceOverrides } from '../src/services.ts';
import { buildTestApp, type TestApp, type TestShop } from './helpers.ts';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.ts';

/** Test env that lets deliveries reach the local receiver on 127.0.0.1 over http. */
export const ALLOW_LOCAL = { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1' };

export type WebhookTestApp = TestApp & {
  receiver: WebhookReceiver;
  subscribe(shop: TestShop, topic: string, url?: string): Promise<string>;
  deliveries(): Promise<Array<{ id: number; status: string; attempts: number; next_attempt_at: number; last_error: string | null; subscription_id: number; message_id: string }>>;
};

export async function buildWebhookTestApp(t: TestContext, options: { env?: Record<string, string>; deps?: ServiceOverrides } = {}): Promise<WebhookTestApp> {
  const ctx = await buildTestApp(t, { env: { ...ALLOW_LOCAL, ...options.env }, ...(options.deps ? { deps: options.deps } : {}) });
  const receiver = await startReceiver(t);
  return {
    ...ctx,
    receiver,
    async subscribe(shop, topic, url = receiver.url) {
      const res = await shop.client.call<{ id: string }>('POST', 'create_shop_webhook', { body: { topic, url } });
      assert.equal(res.code, 0, res.message);
      return res.data.id;
    },
    async deliveries() {
      const rows = await ctx.database.db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();
      return rows.map((r) => ({ ...r, id: Number(r.id), subscription_id: Number(r.subscription_id), next_attempt_at: Number(r.next_attempt_at) }));
    },
  };
}
