import { hmacSha256 } from '../lib/signature.ts';

/**
 * Both signatures a delivery carries, made with the same key (the shop's private token for
 * shop-owned subscriptions, the platform's client secret for platform-owned ones):
 *
 *   Open-Trustoo-Webhook-Sign = hex HMAC-SHA256(key, "timestamp=<ts>|<raw body>")   (spec webhooks.md §2.3)
 *   webhook-signature         = "v1," + base64 HMAC-SHA256(key, "<id>.<ts>.<raw body>") (Standard Webhooks)
 *
 * For Standard Webhooks verifiers the key is the secret's UTF-8 bytes: use the secret with
 * `{ format: 'raw' }`, or `whsec_` + base64(secret) (see `standardWebhooksSecret`).
 */
export function trustooSignature(key: string, timestamp: number, body: Buffer): string {
  return hmacSha256(key, Buffer.from(`timestamp=${timestamp}|`), body).toString('hex');
}

export function standardSignature(key: string, messageId: string, timestamp: number, body: Buffer): string {
  return 'v1,' + hmacSha256(key, Buffer.from(`${messageId}.${timestamp}.`), body).toString('base64');
}

/** The `whsec_…` form of a signing key for Standard Webhooks libraries. */
export const standardWebhooksSecret = (key: string): string => 'whsec_' + Buffer.from(key, 'utf8').toString('base64');

export interface SigningIdentity {
  /** Sent as Open-Trustoo-Webhook-Public-token: the shop's public token, or the platform's client id. */
  publicToken: string;
  key: string;
}

export function deliveryHeaders(identity: SigningIdentity, delivery: { messageId: string; topic: string; shopDomain: string; body: Buffer }, timestamp: number): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Plaudit-Webhook/1.0',
    'open-trustoo-webhook-public-token': identity.publicToken,
    'open-trustoo-webhook-timestamp': String(timestamp),
    'open-trustoo-webhook-sign': trustooSignature(identity.key, timestamp, delivery.body),
    'open-trustoo-webhook-requestid': delivery.messageId,
    'open-trustoo-webhook-topic': delivery.topic,
    'open-trustoo-webhook-shop-domain': delivery.shopDomain,
    'webhook-id': delivery.messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardSignature(identity.key, delivery.messageId, timestamp, delivery.body),
  };
}
